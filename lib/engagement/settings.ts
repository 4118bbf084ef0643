/** Engagement controls a workspace sets for every campaign, and the per-campaign choices that override them. */
import { db } from '@/lib/db';
import type { QuietWindow } from '@/lib/engagement/quiet-hours';
import { CAPPED_CHANNELS, frequencyCapsSchema, type FrequencyCap, type WorkspaceEngagement } from '@/lib/engagement/schema';

/** What dispatch applies to one campaign's sends. */
export interface EngagementRules {
  quietHours: QuietWindow | null;
  caps: FrequencyCap[];
  cappedSends: 'defer' | 'skip';
  /** The zone of recipients with no valid zone of their own. */
  timeZone: string;
}

const windowOf = (start: string | null, end: string | null): QuietWindow | null => (start && end && start !== end ? { start, end } : null);

/** The campaign's effective quiet window: its own, the workspace's, or none. */
export function effectiveQuietHours(
  campaign: { quietHours: string; quietHoursStart: string | null; quietHoursEnd: string | null },
  workspace: { quietHoursStart: string | null; quietHoursEnd: string | null },
): QuietWindow | null {
  if (campaign.quietHours === 'off') return null;
  if (campaign.quietHours === 'custom') return windowOf(campaign.quietHoursStart, campaign.quietHoursEnd);
  return windowOf(workspace.quietHoursStart, workspace.quietHoursEnd);
}

/** Frequency caps as stored (JSON), keeping only well-formed ones. */
export function storedCaps(value: unknown): FrequencyCap[] {
  const parsed = frequencyCapsSchema.safeParse(value);
  return parsed.success ? parsed.data : [];
}

/** Read before every dispatch batch, so a change in settings applies to the next batch. */
export async function engagementRules(campaignId: string): Promise<EngagementRules | null> {
  const c = await db.campaign.findUnique({
    where: { id: campaignId },
    select: {
      quietHours: true,
      quietHoursStart: true,
      quietHoursEnd: true,
      cappedSends: true,
      timeZone: true,
      workspace: { select: { quietHoursStart: true, quietHoursEnd: true, frequencyCaps: true } },
    },
  });
  if (!c) return null;
  return {
    quietHours: effectiveQuietHours(c, c.workspace),
    caps: storedCaps(c.workspace.frequencyCaps),
    cappedSends: c.cappedSends === 'skip' ? 'skip' : 'defer',
    timeZone: c.timeZone,
  };
}

/** The workspace's settings as the settings screen and API show them. */
export async function workspaceEngagement(workspaceId: string) {
  const w = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { quietHoursStart: true, quietHoursEnd: true, frequencyCaps: true, timeZone: true } });
  return { quietHoursStart: w.quietHoursStart, quietHoursEnd: w.quietHoursEnd, frequencyCaps: storedCaps(w.frequencyCaps) };
}

export async function updateWorkspaceEngagement(workspaceId: string, input: WorkspaceEngagement) {
  await db.workspace.update({
    where: { id: workspaceId },
    data: {
      ...(input.quietHoursStart !== undefined ? { quietHoursStart: input.quietHoursStart ?? null } : {}),
      ...(input.quietHoursEnd !== undefined ? { quietHoursEnd: input.quietHoursEnd ?? null } : {}),
      ...(input.frequencyCaps !== undefined ? { frequencyCaps: input.frequencyCaps } : {}),
    },
  });
  return workspaceEngagement(workspaceId);
}

/** "21:00–08:00 (each contact's local time)", or null without quiet hours. */
export function describeQuietHours(w: { quietHoursStart: string | null; quietHoursEnd: string | null }): string | null {
  const window = windowOf(w.quietHoursStart, w.quietHoursEnd);
  return window ? `${window.start}–${window.end} (each contact’s local time)` : null;
}

/** "3 email per 7 days, 1 sms per 1 day", or '' without caps. */
export function describeCaps(caps: readonly FrequencyCap[]): string {
  return caps.map((c) => `${c.limit} ${c.channel} per ${c.days === 1 ? 'day' : `${c.days} days`}`).join(', ');
}

/** The settings form's fields (`quietHoursStart`, `quietHoursEnd`, `cap.<channel>.limit`, `cap.<channel>.days`) as the schema's input; a channel with no limit has no cap. */
export function engagementFromForm(form: FormData) {
  const text = (name: string) => String(form.get(name) ?? '').trim();
  const frequencyCaps = CAPPED_CHANNELS.flatMap((channel) => (text(`cap.${channel}.limit`) ? [{ channel, limit: text(`cap.${channel}.limit`), days: text(`cap.${channel}.days`) || '7' }] : []));
  return { quietHoursStart: text('quietHoursStart'), quietHoursEnd: text('quietHoursEnd'), frequencyCaps };
}
