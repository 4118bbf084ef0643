/** What engagement controls accept: the workspace's quiet hours and frequency caps (client-safe). */
import { z } from 'zod';
import { optionalTimeOfDaySchema, quietHoursRule } from '@/lib/campaigns/schema';

export const CAPPED_CHANNELS = ['email', 'sms', 'whatsapp', 'voice'] as const;

export const frequencyCapSchema = z.object({
  channel: z.enum(CAPPED_CHANNELS, 'Choose a channel'),
  limit: z.coerce.number().int('Use a whole number').min(1, 'At least 1 message').max(1000, 'At most 1,000 messages'),
  days: z.coerce.number().int('Use whole days').min(1, 'At least 1 day').max(365, 'At most 365 days'),
});
export type FrequencyCap = z.infer<typeof frequencyCapSchema>;

export const frequencyCapsSchema = z.array(frequencyCapSchema).max(CAPPED_CHANNELS.length).superRefine((caps, ctx) => {
  const seen = new Set<string>();
  caps.forEach((c, i) => {
    if (seen.has(c.channel)) ctx.addIssue({ code: 'custom', path: [i, 'channel'], message: 'One cap per channel' });
    seen.add(c.channel);
  });
});

/** The workspace's engagement settings (Settings → Engagement, `PATCH /api/workspace/engagement`). */
export const workspaceEngagementSchema = z
  .object({ quietHoursStart: optionalTimeOfDaySchema, quietHoursEnd: optionalTimeOfDaySchema, frequencyCaps: frequencyCapsSchema.optional() })
  .superRefine(quietHoursRule);
export type WorkspaceEngagement = z.infer<typeof workspaceEngagementSchema>;

