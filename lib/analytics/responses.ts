/** Response schemas of the analytics routes: what the JSON answers look like, for the API document and its contract test. */
import { z } from 'zod';
import { pageSchema } from '@/lib/http/pagination';

/** Seed 003's envelope, kept exactly: `{ success: true, data }`. */
const envelope = <T extends z.ZodType>(data: T) => z.object({ success: z.literal(true), data });

const int = z.number().int();
/** Integer fields under the given names, in that order: most analytics rows are a handful of counts. */
const ints = <const K extends string>(...names: K[]) => Object.fromEntries(names.map((name) => [name, int])) as { [P in K]: typeof int };
/** The period a seed 003 answer covers. */
const timeRange = z.object({ start: z.iso.datetime(), end: z.iso.datetime() });

const callOutcomes = ints('total_attempts', 'completed', 'refused', 'no_answer', 'busy', 'failed');

/** GET /api/campaigns/{id}/stats: seed 004's shape, snake_case as the seed gives it. */
export const campaignStatsResponse = z.object({
  campaign_id: z.uuid(),
  campaign_name: z.string(),
  campaign_status: z.string(),
  contacts: z.object(ints('total', 'pending', 'in_progress', 'completed', 'refused', 'not_reached', 'excluded')),
  call_outcomes: z.object(callOutcomes),
  rates: z.object({
    completion_rate: z.number(),
    refusal_rate: z.number(),
    not_reached_rate: z.number(),
    answer_rate: z.number(),
  }),
  duration_stats: z.object({
    average_duration_seconds: z.number(),
    min_duration_seconds: z.number(),
    max_duration_seconds: z.number(),
    total_duration_seconds: z.number(),
  }),
  time_series_hourly: z.array(z.object({
    timestamp: z.iso.datetime(),
    ...callOutcomes,
  })),
  time_series_daily: z.array(z.object({
    timestamp: z.iso.datetime(),
    ...callOutcomes,
  })),
  generated_at: z.iso.datetime(),
  cached: z.boolean(),
});

/** POST /api/campaigns/{id}/stats/invalidate. */
export const statsInvalidatedResponse = z.object({
  campaign_id: z.uuid(),
  invalidated: z.boolean(),
});

/** GET /api/campaigns/{id}/summary: seed 000's campaign analytics. */
export const campaignSummaryResponse = z.object({
  campaign: z.object({
    id: z.uuid(),
    name: z.string(),
    status: z.string(),
    createdAt: z.iso.datetime(),
    activatedAt: z.iso.datetime().nullable(),
    pausedAt: z.iso.datetime().nullable(),
    completedAt: z.iso.datetime().nullable(),
  }),
  ...ints('targeted', 'excluded', 'sent', 'failed', 'bounced', 'uncertain'),
  completion: z.object({
    completedAt: z.iso.datetime().nullable(),
    durationSeconds: z.number().nullable(),
  }),
  sendRate: z.object({
    messagesPerSecond: z.number().nullable(),
    messagesPerMinute: z.number().nullable(),
    from: z.iso.datetime().nullable(),
    to: z.iso.datetime().nullable(),
  }),
  qrCodes: z.object({
    generated: z.number(),
    ...ints('scanned', 'totalScans', 'redeemed'),
    redemptionRate: z.number(),
  }),
  failureReasons: z.array(z.object({
    reason: z.string().nullable(),
    count: int,
  })),
  messagesByChannel: z.array(z.object({
    channel: z.enum(['email', 'sms', 'whatsapp']),
    ...ints('sent', 'delivered', 'awaitingReport', 'failed', 'complained'),
  })),
  live: z.boolean(),
  generatedAt: z.iso.datetime(),
});

/** GET /api/campaigns/{id}/contacts: the contacts behind a dashboard bar, with the total. */
export const campaignContactsResponse = pageSchema(z.object({
  contactId: z.uuid(),
  email: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  state: z.string().optional(),
  exclusionReason: z.string().nullable().optional(),
  controls: z.array(z.object({
    stepIndex: int.nullable(),
    control: z.enum(['quiet_hours', 'frequency_cap', 'variant', 'holdout']),
    action: z.enum(['deferred', 'skipped', 'assigned', 'held_out']),
    detail: z.string(),
    until: z.iso.datetime().nullable(),
    at: z.iso.datetime(),
  })),
})).extend({ total: int });

/** POST /api/v1/events (202; 400 with the same counts when every event was rejected). */
export const ingestResponse = z.object({
  ...ints('accepted', 'duplicates', 'rejected'),
  results: z.array(z.object({
    index: int,
    id: z.uuid().nullable(),
    status: z.enum(['accepted', 'duplicate', 'rejected']),
    errors: z.record(z.string(), z.array(z.string())).optional().describe('For a rejected event: each bad field'),
  })),
});

const overviewSummary = z.object({
  ...ints('totalMessagesSent', 'totalDelivered', 'totalOpened', 'totalClicked'),
  deliveryRate: z.number(),
  openRate: z.number(),
  clickRate: z.number(),
});

/** GET /api/v1/analytics/overview, in seed 003's envelope. */
export const overviewAnalyticsResponse = envelope(z.object({
  timeRange,
  previousTimeRange: timeRange,
  granularity: z.string(),
  summary: overviewSummary,
  previousSummary: overviewSummary,
  change: z.object({
    totalMessagesSent: z.number().nullable(),
    totalDelivered: z.number().nullable(),
    totalOpened: z.number().nullable(),
    totalClicked: z.number().nullable(),
    deliveryRate: z.number().nullable(),
    openRate: z.number().nullable(),
    clickRate: z.number().nullable(),
  }),
  byChannel: z.record(z.string(), z.object(ints('sent', 'delivered', 'opened', 'clicked'))).describe('Keyed by channel (email, sms, whatsapp, push, voice), busiest first'),
  trend: z.array(z.object({
    date: z.string(),
    ...ints('sent', 'delivered', 'opened', 'clicked'),
  })),
}));

/** GET /api/v1/analytics/messages, in seed 003's envelope. */
export const messagesAnalyticsResponse = envelope(z.object({
  timeRange,
  granularity: z.string(),
  summary: z.object({
    ...ints('sent', 'delivered', 'opened', 'clicked', 'bounced', 'complained', 'failed', 'unsubscribed'),
    deliveryRate: z.number(),
    openRate: z.number(),
    clickRate: z.number(),
    bounceRate: z.number(),
  }),
  timeSeries: z.array(z.object({
    timestamp: z.iso.datetime(),
    ...ints('sent', 'delivered', 'opened', 'clicked', 'bounced'),
  })),
  byChannel: z.array(z.object({
    channel: z.string(),
    ...ints('sent', 'delivered', 'opened', 'clicked', 'bounced'),
    deliveryRate: z.number(),
    openRate: z.number(),
    clickRate: z.number(),
    bounceRate: z.number(),
  })),
}));

/** GET /api/v1/analytics/campaigns, in seed 003's envelope. */
export const campaignsAnalyticsResponse = envelope(z.object({
  timeRange,
  granularity: z.string(),
  summary: z.object({
    ...ints('totalCampaigns', 'completedCampaigns', 'totalRecipients'),
    avgOpenRate: z.number(),
    avgClickRate: z.number(),
  }),
  topCampaigns: z.array(z.object({
    campaignId: z.uuid(),
    name: z.string(),
    status: z.string(),
    ...ints('sent', 'delivered', 'opened', 'clicked'),
    openRate: z.number(),
    clickRate: z.number(),
    deliveryRate: z.number(),
  })),
  timeSeries: z.array(z.object({
    timestamp: z.iso.datetime(),
    ...ints('sent', 'delivered', 'opened', 'clicked', 'bounced'),
  })),
}));

/** GET /api/v1/analytics/workflows, in seed 003's envelope. */
export const workflowsAnalyticsResponse = envelope(z.object({
  timeRange,
  granularity: z.string(),
  summary: z.object({
    ...ints('totalRuns', 'completedRuns', 'failedRuns', 'goalReachedRuns'),
    avgCompletionRate: z.number(),
    avgConversionRate: z.number(),
  }),
  topWorkflows: z.array(z.object({
    workflowId: z.uuid(),
    name: z.string(),
    ...ints('runs', 'completed', 'failed', 'goalReached'),
    completionRate: z.number(),
    conversionRate: z.number(),
  })),
  timeSeries: z.array(z.object({
    timestamp: z.iso.datetime(),
    ...ints('runs', 'completed', 'failed'),
  })),
}));

/** GET /api/v1/analytics/sequences, in seed 003's envelope. */
export const sequencesAnalyticsResponse = envelope(z.object({
  timeRange,
  summary: z.object({
    ...ints('totalEnrollments', 'activeEnrollments', 'completedEnrollments', 'repliedEnrollments'),
    avgReplyRate: z.number(),
  }),
  stepFunnel: z.array(z.object(ints('stepNumber', 'executed', 'replied'))),
  topSequences: z.array(z.object({
    sequenceId: z.uuid(),
    name: z.string(),
    ...ints('enrollments', 'completed', 'replied'),
    completionRate: z.number(),
    replyRate: z.number(),
  })),
}));

const templateRanking = z.object({
  templateId: z.uuid().nullable(),
  name: z.string(),
  ...ints('usageCount', 'delivered', 'opened', 'clicked'),
  openRate: z.number(),
  clickRate: z.number(),
});

/** GET /api/v1/analytics/templates, in seed 003's envelope. */
export const templatesAnalyticsResponse = envelope(z.object({
  timeRange,
  ...ints('minVolume', 'templatesUsed', 'templatesRanked'),
  topTemplates: z.array(templateRanking),
  worstPerforming: z.array(templateRanking),
  abTestVariants: z.array(z.object({
    campaignId: z.uuid(),
    campaignName: z.string(),
    stepIndex: int,
    variant: z.string(),
    templateId: z.uuid(),
    name: z.string().nullable(),
    metric: z.enum(['opens', 'clicks', 'conversions']),
    sent: int,
    successes: int,
    rate: z.number(),
    pValue: z.number().nullable(),
    ciLow: z.number().nullable(),
    ciHigh: z.number().nullable(),
    winner: z.boolean(),
  })),
}));

/** GET /api/v1/analytics/traffic, in seed 003's envelope. */
export const trafficAnalyticsResponse = envelope(z.object({
  timeRange,
  timeZone: z.string().nullable(),
  granularity: z.string(),
  busiestHour: int,
  peakHours: z.array(z.object({
    hour: int,
    messageCount: int,
  })),
  byDayOfWeek: z.array(z.object({
    day: z.string(),
    messageCount: int,
  })),
  timeSeries: z.array(z.object({
    timestamp: z.iso.datetime(),
    messageCount: int,
  })),
}));

/** GET /api/v1/analytics/funnel, in seed 003's envelope. */
export const funnelAnalyticsResponse = envelope(z.object({
  timeRange,
  campaignId: z.uuid().nullable(),
  funnels: z.array(z.object({
    channel: z.string(),
    name: z.string(),
    steps: z.array(z.object({
      key: z.string(),
      label: z.string(),
      count: int,
      event: z.object({
        eventType: z.string(),
        label: z.string().optional(),
      }),
      conversionFromPrevious: int,
      conversionFromFirst: int,
    })),
  })),
}));

/** GET /api/v1/analytics/intents, in seed 003's envelope. */
export const intentsAnalyticsResponse = envelope(z.object({
  timeRange,
  campaignId: z.uuid().nullable(),
  total: int,
  intents: z.array(z.object({
    label: z.string(),
    count: int,
    share: z.number(),
  })),
}));
