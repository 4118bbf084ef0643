import { db } from '@/lib/db';
import { num, select } from '@/lib/analytics/source';
import { campaignOf } from '@/lib/analytics/scope';
import { ANALYTICS_CHANNEL, templateChannelOf } from '@/lib/channels/content';

export interface CampaignChannels {
  /** Channels the campaign sends on or has events from, email first. */
  channels: string[];
  /** It places calls (or has call events): the dashboard shows the call outcomes, answer rate and durations only then. */
  hasCalls: boolean;
  /** Herald itself places its calls (a call step in its content): recipient states then follow the calls. */
  placesCalls: boolean;
  /** It sends emails or texts: the dashboard shows them by channel. */
  hasMessages: boolean;
}

/**
 * Which channels a campaign speaks on, in analytics' words (a call is `voice`): those of its template or its flow's
 * templates, plus every channel its events came from (an integration may report calls through the events API).
 */
export async function campaignChannels(workspaceId: string, campaignId: string): Promise<CampaignChannels> {
  const c = await campaignOf(workspaceId, campaignId);
  // (An undefined Prisma filter matches everything, so only the campaign's own references go in.)
  const own = [...(c.templateId ? [{ id: c.templateId }] : []), ...(c.flowId ? [{ steps: { some: { flowId: c.flowId } } }] : [])];
  const [templates, rows] = await Promise.all([
    own.length ? db.template.findMany({ where: { workspaceId, OR: own }, select: { channel: true } }) : Promise.resolve([]),
    select<{ channel: string; n: string }>(
    `SELECT channel, sum(events) AS n FROM analytics_hourly WHERE tenant_id = {tenant:String} AND campaign_id = {campaign:String} GROUP BY channel`,
    { tenant: workspaceId, campaign: c.id },
    ),
  ]);
  const sending = templates.map((t) => ANALYTICS_CHANNEL[templateChannelOf(t.channel)]);
  const seen = rows.filter((r) => num(r.n) > 0).map((r) => r.channel);
  const channels = [...new Set([...sending, ...seen])].sort((a, b) => (a === 'email' ? -1 : b === 'email' ? 1 : a.localeCompare(b)));
  return { channels, hasCalls: channels.includes('voice'), placesCalls: sending.includes('voice'), hasMessages: channels.some((ch) => ch !== 'voice') };
}
