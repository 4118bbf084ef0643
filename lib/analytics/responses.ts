/** Response schemas of the analytics routes: what the JSON answers look like, for the API document and its contract test. */
import { z } from 'zod';
import { pageSchema } from '@/lib/http/pagination';

/** Seed 003's envelope, kept exactly: `{ success: true, data }`. */
const envelope = <T extends z.ZodType>(data: T) => z.object({ success: z.literal(true), data });

/** GET /api/campaigns/{id}/stats: seed 004's shape, snake_case as the seed gives it. */
export const campaignStatsResponse = z.object({
  campaign_id: z.uuid(),
  campaign_name: z.string(),
  campaign_status: z.string(),
  contacts: z.object({
    total: z.number().int(),
    pending: z.number().int(),
    in_progress: z.number().int(),
    completed: z.number().int(),
    refused: z.number().int(),
    not_reached: z.number().int(),
    excluded: z.number().int(),
  }),
  call_outcomes: z.object({
    total_attempts: z.number().int(),
    completed: z.number().int(),
    refused: z.number().int(),
    no_answer: z.number().int(),
    busy: z.number().int(),
    failed: z.number().int(),
  }),
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
    total_attempts: z.number().int(),
    completed: z.number().int(),
    refused: z.number().int(),
    no_answer: z.number().int(),
    busy: z.number().int(),
    failed: z.number().int(),
  })),
  time_series_daily: z.array(z.object({
    timestamp: z.iso.datetime(),
    total_attempts: z.number().int(),
    completed: z.number().int(),
    refused: z.number().int(),
    no_answer: z.number().int(),
    busy: z.number().int(),
    failed: z.number().int(),
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
  targeted: z.number().int(),
  excluded: z.number().int(),
  sent: z.number().int(),
  failed: z.number().int(),
  uncertain: z.number().int(),
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
    scanned: z.number().int(),
    totalScans: z.number().int(),
    redeemed: z.number().int(),
    redemptionRate: z.number(),
  }),
  failureReasons: z.array(z.object({
    reason: z.string().nullable(),
    count: z.number().int(),
  })),
  messagesByChannel: z.array(z.object({
    channel: z.enum(['email', 'sms', 'whatsapp']),
    sent: z.number().int(),
    delivered: z.number().int(),
    awaitingReport: z.number().int(),
    failed: z.number().int(),
    complained: z.number().int(),
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
    stepIndex: z.number().int().nullable(),
    control: z.enum(['quiet_hours', 'frequency_cap', 'variant', 'holdout']),
    action: z.enum(['deferred', 'skipped', 'assigned', 'held_out']),
    detail: z.string(),
    until: z.iso.datetime().nullable(),
    at: z.iso.datetime(),
  })),
})).extend({ total: z.number().int() });

/** POST /api/v1/events (202; 400 with the same counts when every event was rejected). */
export const ingestResponse = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.number().int(),
  results: z.array(z.object({
    index: z.number().int(),
    id: z.uuid().nullable(),
    status: z.enum(['accepted', 'duplicate', 'rejected']),
    errors: z.record(z.string(), z.array(z.string())).optional().describe('For a rejected event: each bad field'),
  })),
});

/** GET /api/v1/analytics/overview, in seed 003's envelope. */
export const overviewAnalyticsResponse = envelope(z.object({
  timeRange: z.object({
    start: z.iso.datetime(),
    end: z.iso.datetime(),
  }),
  previousTimeRange: z.object({
    start: z.iso.datetime(),
    end: z.iso.datetime(),
  }),
  granularity: z.string(),
  summary: z.object({
    totalMessagesSent: z.number().int(),
    totalDelivered: z.number().int(),
    totalOpened: z.number().int(),
    totalClicked: z.number().int(),
    deliveryRate: z.number(),
    openRate: z.number(),
    clickRate: z.number(),
  }),
  previousSummary: z.object({
    totalMessagesSent: z.number().int(),
    totalDelivered: z.number().int(),
    totalOpened: z.number().int(),
    totalClicked: z.number().int(),
    deliveryRate: z.number(),
    openRate: z.number(),
    clickRate: z.number(),
  }),
  change: z.object({
    totalMessagesSent: z.number().nullable(),
    totalDelivered: z.number().nullable(),
    totalOpened: z.number().nullable(),
    totalClicked: z.number().nullable(),
    deliveryRate: z.number().nullable(),
    openRate: z.number().nullable(),
    clickRate: z.number().nullable(),
  }),
  byChannel: z.record(z.string(), z.object({
    sent: z.number().int(),
    delivered: z.number().int(),
    opened: z.number().int(),
    clicked: z.number().int(),
  })).describe('Keyed by channel (email, sms, whatsapp, push, voice), busiest first'),
  trend: z.array(z.object({
    date: z.string(),
    sent: z.number().int(),
    delivered: z.number().int(),
    opened: z.number().int(),
    clicked: z.number().int(),
  })),
}));

/** GET /api/v1/analytics/messages, in seed 003's envelope. */
export const messagesAnalyticsResponse = envelope(z.object({
  timeRange: z.object({
    start: z.iso.datetime(),
    end: z.iso.datetime(),
  }),
  granularity: z.string(),
  summary: z.object({
    sent: z.number().int(),
    delivered: z.number().int(),
    opened: z.number().int(),
    clicked: z.number().int(),
    bounced: z.number().int(),
    complained: z.number().int(),
    failed: z.number().int(),
    unsubscribed: z.number().int(),
    deliveryRate: z.number(),
    openRate: z.number(),
    clickRate: z.number(),
    bounceRate: z.number(),
  }),
  timeSeries: z.array(z.object({
    timestamp: z.iso.datetime(),
    sent: z.number().int(),
    delivered: z.number().int(),
    opened: z.number().int(),
    clicked: z.number().int(),
    bounced: z.number().int(),
  })),
  byChannel: z.array(z.object({
    channel: z.string(),
    sent: z.number().int(),
    delivered: z.number().int(),
    opened: z.number().int(),
    clicked: z.number().int(),
    bounced: z.number().int(),
    deliveryRate: z.number(),
    openRate: z.number(),
    clickRate: z.number(),
    bounceRate: z.number(),
  })),
}));

/** GET /api/v1/analytics/campaigns, in seed 003's envelope. */
export const campaignsAnalyticsResponse = envelope(z.object({
  timeRange: z.object({
    start: z.iso.datetime(),
    end: z.iso.datetime(),
  }),
  granularity: z.string(),
  summary: z.object({
    totalCampaigns: z.number().int(),
    completedCampaigns: z.number().int(),
    totalRecipients: z.number().int(),
    avgOpenRate: z.number(),
    avgClickRate: z.number(),
  }),
  topCampaigns: z.array(z.object({
    campaignId: z.uuid(),
    name: z.string(),
    status: z.string(),
    sent: z.number().int(),
    delivered: z.number().int(),
    opened: z.number().int(),
    clicked: z.number().int(),
    openRate: z.number(),
    clickRate: z.number(),
    deliveryRate: z.number(),
  })),
  timeSeries: z.array(z.object({
    timestamp: z.iso.datetime(),
    sent: z.number().int(),
    delivered: z.number().int(),
    opened: z.number().int(),
    clicked: z.number().int(),
    bounced: z.number().int(),
  })),
}));

/** GET /api/v1/analytics/workflows, in seed 003's envelope. */
export const workflowsAnalyticsResponse = envelope(z.object({
  timeRange: z.object({
    start: z.iso.datetime(),
    end: z.iso.datetime(),
  }),
  granularity: z.string(),
  summary: z.object({
    totalRuns: z.number().int(),
    completedRuns: z.number().int(),
    failedRuns: z.number().int(),
    goalReachedRuns: z.number().int(),
    avgCompletionRate: z.number(),
    avgConversionRate: z.number(),
  }),
  topWorkflows: z.array(z.object({
    workflowId: z.uuid(),
    name: z.string(),
    runs: z.number().int(),
    completed: z.number().int(),
    failed: z.number().int(),
    goalReached: z.number().int(),
    completionRate: z.number(),
    conversionRate: z.number(),
  })),
  timeSeries: z.array(z.object({
    timestamp: z.iso.datetime(),
    runs: z.number().int(),
    completed: z.number().int(),
    failed: z.number().int(),
  })),
}));

/** GET /api/v1/analytics/sequences, in seed 003's envelope. */
export const sequencesAnalyticsResponse = envelope(z.object({
  timeRange: z.object({
    start: z.iso.datetime(),
    end: z.iso.datetime(),
  }),
  summary: z.object({
    totalEnrollments: z.number().int(),
    activeEnrollments: z.number().int(),
    completedEnrollments: z.number().int(),
    repliedEnrollments: z.number().int(),
    avgReplyRate: z.number(),
  }),
  stepFunnel: z.array(z.object({
    stepNumber: z.number().int(),
    executed: z.number().int(),
    replied: z.number().int(),
  })),
  topSequences: z.array(z.object({
    sequenceId: z.uuid(),
    name: z.string(),
    enrollments: z.number().int(),
    completed: z.number().int(),
    replied: z.number().int(),
    completionRate: z.number(),
    replyRate: z.number(),
  })),
}));

/** GET /api/v1/analytics/templates, in seed 003's envelope. */
export const templatesAnalyticsResponse = envelope(z.object({
  timeRange: z.object({
    start: z.iso.datetime(),
    end: z.iso.datetime(),
  }),
  minVolume: z.number().int(),
  templatesUsed: z.number().int(),
  templatesRanked: z.number().int(),
  topTemplates: z.array(z.object({
    templateId: z.uuid().nullable(),
    name: z.string(),
    usageCount: z.number().int(),
    delivered: z.number().int(),
    opened: z.number().int(),
    clicked: z.number().int(),
    openRate: z.number(),
    clickRate: z.number(),
  })),
  worstPerforming: z.array(z.object({
    templateId: z.uuid().nullable(),
    name: z.string(),
    usageCount: z.number().int(),
    delivered: z.number().int(),
    opened: z.number().int(),
    clicked: z.number().int(),
    openRate: z.number(),
    clickRate: z.number(),
  })),
  abTestVariants: z.array(z.object({
    campaignId: z.uuid(),
    campaignName: z.string(),
    stepIndex: z.number().int(),
    variant: z.string(),
    templateId: z.uuid(),
    name: z.string().nullable(),
    metric: z.enum(['opens', 'clicks', 'conversions']),
    sent: z.number().int(),
    successes: z.number().int(),
    rate: z.number(),
    pValue: z.number().nullable(),
    ciLow: z.number().nullable(),
    ciHigh: z.number().nullable(),
    winner: z.boolean(),
  })),
}));

/** GET /api/v1/analytics/traffic, in seed 003's envelope. */
export const trafficAnalyticsResponse = envelope(z.object({
  timeRange: z.object({
    start: z.iso.datetime(),
    end: z.iso.datetime(),
  }),
  timeZone: z.string().nullable(),
  granularity: z.string(),
  busiestHour: z.number().int(),
  peakHours: z.array(z.object({
    hour: z.number().int(),
    messageCount: z.number().int(),
  })),
  byDayOfWeek: z.array(z.object({
    day: z.string(),
    messageCount: z.number().int(),
  })),
  timeSeries: z.array(z.object({
    timestamp: z.iso.datetime(),
    messageCount: z.number().int(),
  })),
}));

/** GET /api/v1/analytics/funnel, in seed 003's envelope. */
export const funnelAnalyticsResponse = envelope(z.object({
  timeRange: z.object({
    start: z.iso.datetime(),
    end: z.iso.datetime(),
  }),
  campaignId: z.uuid().nullable(),
  funnels: z.array(z.object({
    channel: z.string(),
    name: z.string(),
    steps: z.array(z.object({
      key: z.string(),
      label: z.string(),
      count: z.number().int(),
      event: z.object({
        eventType: z.string(),
        label: z.string().optional(),
      }),
      conversionFromPrevious: z.number().int(),
      conversionFromFirst: z.number().int(),
    })),
  })),
}));

/** GET /api/v1/analytics/intents, in seed 003's envelope. */
export const intentsAnalyticsResponse = envelope(z.object({
  timeRange: z.object({
    start: z.iso.datetime(),
    end: z.iso.datetime(),
  }),
  campaignId: z.uuid().nullable(),
  total: z.number().int(),
  intents: z.array(z.object({
    label: z.string(),
    count: z.number().int(),
    share: z.number(),
  })),
}));
