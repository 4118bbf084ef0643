import { NextResponse } from 'next/server';
import { ZodError } from 'zod';
import { Prisma } from '@/lib/generated/prisma/client';
import { requireRole, type Actor } from '@/lib/auth/context';
import { HttpError, fieldErrorsOf, forbidden } from '@/lib/http/errors';
import { sameOriginMutation } from '@/lib/http/security-headers';
import type { Role } from '@/lib/auth/roles';
import { logError } from '@/lib/log';

type Params = Record<string, string | string[]>;
type RouteContext = { params: Promise<Params> };

export interface HandlerInput<P extends Params> {
  req: Request;
  actor: Actor;
  params: P;
}

/** Turns any thrown error into the JSON answer it deserves; unknown errors are logged and never leak detail. */
export function errorResponse(err: unknown): Response {
  if (err instanceof HttpError) {
    return NextResponse.json({ error: err.message, ...(err.details ?? {}) }, { status: err.status, headers: err.headers });
  }
  if (err instanceof ZodError) {
    return NextResponse.json({ error: 'Invalid request', fieldErrors: fieldErrorsOf(err) }, { status: 400 });
  }
  if (err instanceof Prisma.PrismaClientKnownRequestError) {
    if (err.code === 'P2025') return NextResponse.json({ error: 'Resource not found' }, { status: 404 });
    if (err.code === 'P2002') return NextResponse.json({ error: 'A record with these values already exists' }, { status: 409 });
  }
  logError('[api] unhandled error', err);
  return NextResponse.json({ error: 'Internal server error' }, { status: 500 });
}

/**
 * Wraps a route handler: checks the caller's role (and, for a session cookie, that a mutation comes from this
 * origin; API keys cannot be sent by a browser on its own, so they are exempt), hands it the actor and params,
 * maps errors to answers.
 */
export function api<P extends Params = Params>(roles: readonly Role[], fn: (input: HandlerInput<P>) => Promise<unknown>) {
  return async (req: Request, ctx: RouteContext): Promise<Response> => {
    try {
      const actor = await requireRole(roles, req);
      if (actor.via === 'session' && !sameOriginMutation(req)) throw forbidden('Cross-origin request refused');
      const params = ((await ctx?.params) ?? {}) as P;
      const result = await fn({ req, actor, params });
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (err) {
      return errorResponse(err);
    }
  };
}

/** For public routes (tracking, webhooks): only the error mapping. */
export function publicRoute<P extends Params = Params>(fn: (req: Request, params: P) => Promise<unknown>) {
  return async (req: Request, ctx: RouteContext): Promise<Response> => {
    try {
      const result = await fn(req, ((await ctx?.params) ?? {}) as P);
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (err) {
      return errorResponse(err);
    }
  };
}
