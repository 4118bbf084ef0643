import { dehydrate, QueryClient, type DehydratedState } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Actor } from '@/lib/auth/context';
import { accessOf, type RoutePath } from '@/lib/auth/policy';
import { HttpError } from '@/lib/http/errors';
import { safeParseInput } from '@/lib/http/parse';
import { logError } from '@/lib/log';
import { analyticsQueryKey, toQuery, type QueryParams } from '@/lib/analytics/query-key';
import type { Question } from '@/lib/analytics/question';

/** One of a page's browser queries, answered the way its API route answers it. */
export interface PageQuery {
  /** The browser query's key. */
  key: readonly unknown[];
  /** The route the browser would ask: its role policy decides whether the member gets the answer. */
  route: RoutePath;
  /** The route's answer, or null when the route would refuse the params. */
  answer: (workspaceId: string) => Promise<{ data: unknown } | null>;
}

/** An /api/v1/analytics question, with its params read as the route would receive them (strings, empty ones dropped). */
export const pageQuestion = <S extends z.ZodType, D>(question: Question<S, D>, params: QueryParams): PageQuery => ({
  key: analyticsQueryKey(question.name, params),
  route: `/api/v1/analytics/${question.name}` as RoutePath,
  async answer(workspaceId) {
    const parsed = safeParseInput(question.params, Object.fromEntries(new URLSearchParams(toQuery(params))));
    return parsed.success ? { data: await question.run(workspaceId, parsed.data) } : null;
  },
});

/**
 * Answers the queries a page shows, on the server, into a cache the browser's queries take over: the figures come
 * with the HTML instead of after the page's scripts have loaded and asked for them. A query the member may not make,
 * whose params its route refuses, or that fails is left out; the browser then asks the API and shows its answer.
 */
export async function prefetchAnswers(actor: Actor, queries: PageQuery[]): Promise<DehydratedState> {
  const client = new QueryClient();
  await Promise.all(
    queries.map(async ({ key, route, answer }) => {
      const access = accessOf(route, 'GET');
      if (!Array.isArray(access) || !access.includes(actor.role)) return;
      try {
        const answered = await answer(actor.workspaceId);
        // Why through JSON: the browser's cache must hold what the API sends (dates as strings), not server objects.
        if (answered) client.setQueryData(key, JSON.parse(JSON.stringify(answered.data)));
      } catch (err) {
        // A refusal (4xx) reaches the browser from the API as well; only a failure is worth a log line.
        if (!(err instanceof HttpError)) logError(`Answering ${route} for the page failed; the browser will ask again`, err);
      }
    }),
  );
  return dehydrate(client);
}
