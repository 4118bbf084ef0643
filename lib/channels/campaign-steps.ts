import { db } from '@/lib/db';
import type { Prisma } from '@/lib/generated/prisma/client';
import { callPolicySchema, DEFAULT_CALL_POLICY, templateChannelOf, type CallPolicy, type TemplateChannel } from '@/lib/channels/content';

/** What a dispatch run needs to know of a campaign's send steps beyond their templates: channels and call policies. */
export interface CampaignSendSteps {
  channels: ReadonlySet<TemplateChannel>;
  /** The step's call policy (the defaults for a step without one). */
  callPolicy(stepIndex: number): CallPolicy;
}

/** Read once per dispatch run: which channels the schedule uses, and each call step's retries and calling hours. */
export async function campaignSendSteps(campaignId: string): Promise<CampaignSendSteps> {
  const rows = await db.$queryRawUnsafe<{ step_index: number; channel: string | null; call_policy: Prisma.JsonValue }[]>(
    `SELECT DISTINCT ON (cs.step_index) cs.step_index, t.channel, fs.call_policy
     FROM campaign_steps cs LEFT JOIN templates t ON t.id = cs.template_id LEFT JOIN flow_steps fs ON fs.id = cs.flow_step_id
     WHERE cs.campaign_id = $1::uuid ORDER BY cs.step_index`,
    campaignId,
  );
  const channels = new Set<TemplateChannel>();
  const policies = new Map<number, CallPolicy>();
  for (const r of rows) {
    const channel = templateChannelOf(r.channel);
    channels.add(channel);
    const policy = callPolicySchema.safeParse(r.call_policy ?? {});
    if (channel === 'call') policies.set(Number(r.step_index), policy.success ? policy.data : DEFAULT_CALL_POLICY);
  }
  return { channels, callPolicy: (i) => policies.get(i) ?? DEFAULT_CALL_POLICY };
}

/** Why a contact cannot get this step's text or call, or null when it can. */
export function phoneUnreachableReason(channel: Exclude<TemplateChannel, 'email'>, contact: { phone: string | null; smsOptIn: boolean; whatsappOptIn: boolean; callOptIn: boolean }): string | null {
  if (!contact.phone) return 'no_phone';
  const consent = channel === 'sms' ? contact.smsOptIn : channel === 'whatsapp' ? contact.whatsappOptIn : contact.callOptIn;
  return consent ? null : `no_${channel}_opt_in`;
}
