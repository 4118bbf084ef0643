import { dehydrate, QueryClient, type DehydratedState } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Actor } from '@/lib/auth/context';
import { accessOf } from '@/lib/auth/policy';
import { HttpError } from '@/lib/http/errors';
import { safeParseInput } from '@/lib/http/parse';
import { logError } from '@/lib/log';
import { analyticsQueryKey, toQuery, type QueryParams } from '@/lib/analytics/query-key';
import type { Question } from '@/lib/analytics/question';

/** One question a page shows, with the params it asks it with. */
export interface PageQuestion {
  name: string;
  params: QueryParams;
  /** The answer for these params as the route would receive them, or null when the question's schema refuses them. */
  answer: (workspaceId: string, input: Record<string, string>) => Promise<{ data: unknown } | null>;
}

export const pageQuestion = <S extends z.ZodType, D>(question: Question<S, D>, params: QueryParams): PageQuestion => ({
  name: question.name,
  params,
  async answer(workspaceId, input) {
    const parsed = safeParseInput(question.params, input);
    return parsed.success ? { data: await question.run(workspaceId, parsed.data) } : null;
  },
});

/**
 * Answers the questions a page shows, on the server, into a cache the browser's queries take over: the figures come
 * with the HTML instead of after the page's scripts have loaded and asked for them. A question the member may not
 * ask, whose params its schema refuses, or that fails is left out; the browser then asks the API and shows its answer.
 */
export async function prefetchAnswers(actor: Actor, questions: PageQuestion[]): Promise<DehydratedState> {
  const client = new QueryClient();
  await Promise.all(
    questions.map(async ({ name, params, answer }) => {
      const access = accessOf(`/api/v1/analytics/${name}`, 'GET');
      if (!Array.isArray(access) || !access.includes(actor.role)) return;
      try {
        // The params as the route would receive them: strings, empty values dropped.
        const answered = await answer(actor.workspaceId, Object.fromEntries(new URLSearchParams(toQuery(params))));
        // Why through JSON: the browser's cache must hold what the API sends (dates as strings), not server objects.
        if (answered) client.setQueryData(analyticsQueryKey(name, params), JSON.parse(JSON.stringify(answered.data)));
      } catch (err) {
        // A refusal (4xx) reaches the browser from the API as well; only a failure is worth a log line.
        if (!(err instanceof HttpError)) logError(`Answering ${name} for the page failed; the browser will ask again`, err);
      }
    }),
  );
  return dehydrate(client);
}
