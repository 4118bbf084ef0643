/** The engagement controls' names and what they mean in words (client-safe). */

export const CONTROLS = ['quiet_hours', 'frequency_cap', 'variant', 'holdout', 'calling_hours'] as const;
export type Control = (typeof CONTROLS)[number];
export type ControlAction = 'deferred' | 'skipped' | 'assigned' | 'held_out';

/** Why a deferred recipient waits, in words ("… waiting for quiet hours to end"). */
export const WAITING_REASONS: Record<Control, string> = {
  quiet_hours: 'for quiet hours to end in their time zone',
  frequency_cap: 'for room under a frequency cap',
  variant: 'for their A/B test send time or the test’s winner',
  holdout: '',
  calling_hours: 'for calling hours in their time zone',
};

