import { db } from '@/lib/db';
import { listSegments } from '@/lib/segments/service';
import { listFlows } from '@/lib/flows/service';
import { templateOptions } from '@/lib/templates/lookup';
import { timeZoneNames } from '@/lib/campaigns/zoned-time';
import { describeCaps, describeQuietHours, workspaceEngagement } from '@/lib/engagement/settings';

/** What the campaign builder lets you pick from: segments, flows, templates, zones, and the workspace's zone. */
export async function campaignBuilderOptions(workspaceId: string) {
  const [segments, flows, templates, workspace, engagement] = await Promise.all([
    listSegments(workspaceId),
    listFlows(workspaceId),
    templateOptions(workspaceId),
    db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { timeZone: true } }),
    workspaceEngagement(workspaceId),
  ]);
  return {
    segments: segments.map((s) => ({ id: s.id, name: s.name, description: s.description, criteria: s.criteria })),
    flows: flows.map((f) => ({ id: f.id, name: f.name, sends: f.sends, totalWaitHours: f.totalWaitHours })),
    templates,
    workspaceTimeZone: workspace.timeZone,
    timeZones: timeZoneNames(),
    /** The workspace's engagement controls in words, for the schedule step's hint. */
    engagement: { quietHours: describeQuietHours(engagement), caps: describeCaps(engagement.frequencyCaps) },
  };
}

export type CampaignBuilderOptions = Awaited<ReturnType<typeof campaignBuilderOptions>>;
