import { num, select } from '@/lib/analytics/source';
import { campaignOf } from '@/lib/analytics/scope';

export interface CampaignChannels {
  /** Channels the campaign sends on or has events from, email first. */
  channels: string[];
  /** Calls were placed for it: the dashboard shows the call outcomes, answer rate and durations only then. */
  hasCalls: boolean;
}

/**
 * Which channels a campaign speaks on: email when it has a template or flow (Herald's own steps send email), plus
 * every channel its events came from (calls arrive as voice events from an integration).
 */
export async function campaignChannels(workspaceId: string, campaignId: string): Promise<CampaignChannels> {
  const c = await campaignOf(workspaceId, campaignId);
  const rows = await select<{ channel: string; n: string }>(
    `SELECT channel, sum(events) AS n FROM analytics_hourly WHERE tenant_id = {tenant:String} AND campaign_id = {campaign:String} GROUP BY channel`,
    { tenant: workspaceId, campaign: c.id },
  );
  const seen = rows.filter((r) => num(r.n) > 0).map((r) => r.channel);
  const channels = [...new Set([...(c.flowId || c.templateId ? ['email'] : []), ...seen])].sort((a, b) => (a === 'email' ? -1 : b === 'email' ? 1 : a.localeCompare(b)));
  return { channels, hasCalls: channels.includes('voice') };
}
