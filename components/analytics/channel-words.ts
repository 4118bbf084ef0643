/**
 * The words a campaign dashboard uses for recipient states and seed 004's call outcomes. A campaign without calls
 * hears its states in email terms (a refusal is an unsubscribe) and never sees call panels.
 */
export type Outcome = 'completed' | 'refused' | 'no_answer' | 'busy' | 'failed';
export type RecipientStateName = 'pending' | 'in_progress' | 'completed' | 'refused' | 'not_reached' | 'excluded';

export interface ChannelWords {
  outcomesTitle: string;
  outcomesSubtitle: string;
  seriesTitle: { hourly: string; daily: string };
  /** The outcomes shown, in order; email has no "busy". */
  outcomes: Outcome[];
  outcome: Record<Outcome, string>;
  state: Record<RecipientStateName, string>;
  refusalRate: string;
}

const STATE_WORDS: Record<RecipientStateName, string> = {
  pending: 'Pending',
  in_progress: 'In progress',
  completed: 'Completed',
  refused: 'Refused',
  not_reached: 'Not reached',
  excluded: 'Excluded',
};

export const CALL_WORDS: ChannelWords = {
  outcomesTitle: 'Attempt outcomes',
  outcomesSubtitle: 'Each call attempt by its outcome',
  seriesTitle: { hourly: 'Call attempts by hour', daily: 'Call attempts by day' },
  outcomes: ['completed', 'refused', 'no_answer', 'busy', 'failed'],
  outcome: { completed: 'Completed', refused: 'Refused', no_answer: 'No answer', busy: 'Busy', failed: 'Failed' },
  state: STATE_WORDS,
  refusalRate: 'Refusal rate',
};

export const EMAIL_WORDS: ChannelWords = {
  outcomesTitle: 'Email outcomes',
  outcomesSubtitle: 'What became of each email sent',
  seriesTitle: { hourly: 'Emails by hour', daily: 'Emails by day' },
  outcomes: ['completed', 'refused', 'no_answer', 'failed'],
  outcome: { completed: 'Delivered', refused: 'Unsubscribed or complained', no_answer: 'Not delivered yet', busy: 'Busy', failed: 'Bounced or failed' },
  state: { ...STATE_WORDS, refused: 'Unsubscribed', not_reached: 'Not reached' },
  refusalRate: 'Unsubscribe rate',
};

export const wordsFor = (hasCalls: boolean): ChannelWords => (hasCalls ? CALL_WORDS : EMAIL_WORDS);
