/** Every analytics question with the zod schema of its JSON answer: the routes under /api/v1/analytics, in one list. */
import { campaignsQuestion } from '@/lib/analytics/queries/campaigns';
import { funnelQuestion } from '@/lib/analytics/queries/funnel';
import { intentsQuestion } from '@/lib/analytics/queries/intents';
import { messagesQuestion } from '@/lib/analytics/queries/messages';
import { overviewQuestion } from '@/lib/analytics/queries/overview';
import { sequencesQuestion } from '@/lib/analytics/queries/sequences';
import { templatesQuestion } from '@/lib/analytics/queries/templates';
import { trafficQuestion } from '@/lib/analytics/queries/traffic';
import { workflowsQuestion } from '@/lib/analytics/queries/workflows';
import * as r from '@/lib/analytics/responses';

export const analyticsQuestions = [
  { question: overviewQuestion, response: r.overviewAnalyticsResponse },
  { question: messagesQuestion, response: r.messagesAnalyticsResponse },
  { question: campaignsQuestion, response: r.campaignsAnalyticsResponse },
  { question: workflowsQuestion, response: r.workflowsAnalyticsResponse },
  { question: sequencesQuestion, response: r.sequencesAnalyticsResponse },
  { question: templatesQuestion, response: r.templatesAnalyticsResponse },
  { question: trafficQuestion, response: r.trafficAnalyticsResponse },
  { question: funnelQuestion, response: r.funnelAnalyticsResponse },
  { question: intentsQuestion, response: r.intentsAnalyticsResponse },
];
