/** Calls go out only inside the step's calling hours in the recipient's own zone (the campaign's when theirs is unknown). */
import { quietUntil } from '@/lib/engagement/quiet-hours';
import { canonicalTimeZone } from '@/lib/time-zones';
import type { CallPolicy } from '@/lib/channels/content';

/** The zone a call's calling hours are read in. */
export const callZone = (contactZone: string | null, campaignZone: string) => (contactZone && canonicalTimeZone(contactZone)) || campaignZone;

/** Outside calling hours at `at`: when they open (the hours outside the window are a quiet window); null when a call may go now. */
export function callingHoursOpenAt(policy: CallPolicy, zone: string, at: number): number | null {
  return quietUntil({ start: policy.callingHoursEnd, end: policy.callingHoursStart }, zone, at);
}

/** The first moment at or after `at` when the recipient may be called. */
export function nextCallTime(policy: CallPolicy, contactZone: string | null, campaignZone: string, at: number): Date {
  return new Date(callingHoursOpenAt(policy, callZone(contactZone, campaignZone), at) ?? at);
}
