import { serve } from 'inngest/next';
import { inngest } from '@/inngest/client';
import { functions } from '@/inngest/functions';
import { env, inngestDevRequested } from '@/lib/env';
import { badRequest } from '@/lib/http/errors';
import { errorResponse } from '@/lib/http/handler';

type Handler = ReturnType<typeof serve>['GET'];

/**
 * `/api/inngest`: Inngest's serve handler in cloud mode, where the SDK answers 401 to any request without a valid
 * signature. Without a signing key (jobs run on the local queue) nothing here may run, so every method answers 401
 * instead of the SDK's 500.
 */
export function inngestEndpoint(): { GET: Handler; POST: Handler; PUT: Handler } {
  const served = serve({ client: inngest, functions });
  const configured = () => Boolean(env().INNGEST_SIGNING_KEY) || inngestDevRequested();
  const refuse = async () =>
    Response.json({ error: 'Jobs do not run on Inngest here: /api/inngest accepts only requests signed with INNGEST_SIGNING_KEY.' }, { status: 401 });
  // The SDK parses the body before it checks the signature and throws on malformed JSON: that is a 400, not a 500.
  const answer = async (h: Handler, args: Parameters<Handler>) => {
    try {
      return await h(...args);
    } catch (err) {
      return errorResponse(err instanceof SyntaxError ? badRequest('Request body is not valid JSON') : err);
    }
  };
  const guard = (h: Handler): Handler => ((...args: Parameters<Handler>) => (configured() ? answer(h, args) : refuse())) as Handler;
  return { GET: guard(served.GET), POST: guard(served.POST), PUT: guard(served.PUT) };
}
