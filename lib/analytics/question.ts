/**
 * The shape of one analytics question (one module per question in lib/analytics/queries/): its params schema,
 * the function that answers it for a workspace, and the lists it can export as CSV (the first is the default).
 * `analyticsRoute` turns a question into a route handler: roles, params → 400, envelope or CSV.
 */
import { z } from 'zod';
import { api } from '@/lib/http/handler';
import { safeParseInput, searchParamsOf } from '@/lib/http/parse';
import { badRequest, fieldErrorsOf } from '@/lib/http/errors';
import type { Role } from '@/lib/auth/roles';
import { csvResponse, type CsvRow } from '@/lib/analytics/csv';
import { rememberedAnswer } from '@/lib/analytics/answer-cache';

export interface CsvTable<D> {
  columns: readonly string[];
  rows: (data: D) => CsvRow[];
}

export interface Question<S extends z.ZodType, D> {
  name: string;
  params: S;
  run: (workspaceId: string, params: z.output<S>) => Promise<D>;
  tables: Record<string, CsvTable<D>>;
  /**
   * Reads nothing but ClickHouse's events (no campaign names or other PostgreSQL rows), so its answers are reused
   * until the workspace's events change (lib/analytics/answer-cache.ts).
   */
  eventsOnly?: boolean;
}

/** A question; one that reads only events answers through the answer cache, wherever it is asked from. */
export const question = <S extends z.ZodType, D>(q: Question<S, D>): Question<S, D> =>
  q.eventsOnly ? { ...q, run: (workspaceId, params) => rememberedAnswer(workspaceId, q.name, params, () => q.run(workspaceId, params)) } : q;

/** `format` and, for CSV, which list (`table`); checked before the question's own params. */
export function outputSchema(tables: string[]) {
  return z.object({
    format: z.enum(['json', 'csv']).default('json'),
    table: z.enum(tables as [string, ...string[]]).default(tables[0]!),
  });
}

/** Answers one question for the caller's workspace: `{ success: true, data }`, or a CSV of one of its lists. */
export async function answer<S extends z.ZodType, D>(q: Question<S, D>, workspaceId: string, query: Record<string, string>): Promise<Response | { success: true; data: D }> {
  // Both schemas are checked before answering, so one 400 names every bad field.
  const output = safeParseInput(outputSchema(Object.keys(q.tables)), query);
  const params = safeParseInput(q.params, query);
  if (!output.success || !params.success) {
    throw badRequest('Invalid request', { ...(output.success ? {} : fieldErrorsOf(output.error)), ...(params.success ? {} : fieldErrorsOf(params.error)) });
  }
  const { format, table } = output.data;
  const data = await q.run(workspaceId, params.data);
  if (format === 'json') return { success: true, data };
  const t = q.tables[table]!;
  return csvResponse(`herald-${q.name}-${table}.csv`, t.columns, t.rows(data));
}

/** The route handler of a question, for the roles its route's policy allows, by session or API key. */
export const analyticsRoute = <S extends z.ZodType, D>(roles: readonly Role[], q: Question<S, D>) =>
  api(roles, async ({ req, actor }) => answer(q, actor.workspaceId, searchParamsOf(req)));
