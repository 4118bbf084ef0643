import { conflict } from '@/lib/http/errors';
import type { CampaignStatus } from '@/lib/generated/prisma/enums';

/** The campaign lifecycle of seed 001: draft → active ⇄ paused → completed; completed is final. */
export const ALLOWED_TRANSITIONS: Readonly<Record<CampaignStatus, readonly CampaignStatus[]>> = {
  draft: ['active'],
  active: ['paused', 'completed'],
  paused: ['active', 'completed'],
  completed: [],
};

export function canTransition(from: CampaignStatus, to: CampaignStatus): boolean {
  return ALLOWED_TRANSITIONS[from].includes(to);
}

/** The 409 that names what the campaign can become from where it is. */
export function transitionRefused(from: CampaignStatus, to: CampaignStatus) {
  const allowed = ALLOWED_TRANSITIONS[from];
  const options = allowed.length ? `allowed from ${from}: ${allowed.join(', ')}` : `${from} is final, no change is allowed`;
  return conflict(`A ${from} campaign cannot become ${to} (${options})`, { status: from, allowedTransitions: allowed });
}

export function assertTransition(from: CampaignStatus, to: CampaignStatus): void {
  if (!canTransition(from, to)) throw transitionRefused(from, to);
}

/** What the button for a transition says. */
export function transitionVerb(from: CampaignStatus, to: CampaignStatus): string {
  if (to === 'active') return from === 'paused' ? 'Resume' : 'Activate';
  if (to === 'paused') return 'Pause';
  return 'Complete';
}

/** The buttons a campaign in this status offers, each with its label. */
export function transitionOptions(from: CampaignStatus): { to: CampaignStatus; verb: string }[] {
  return ALLOWED_TRANSITIONS[from].map((to) => ({ to, verb: transitionVerb(from, to) }));
}
