/**
 * The words a campaign dashboard uses for recipient states and seed 004's call outcomes. Recipient states follow what
 * Herald itself sends: where it places the calls, a refused contact refused a call; where it sends only emails or texts,
 * a refusal is an unsubscribe, even when an integration reports calls of its own (those show as call attempts).
 */
export type Outcome = 'completed' | 'refused' | 'no_answer' | 'busy' | 'failed';
export type RecipientStateName = 'pending' | 'in_progress' | 'completed' | 'refused' | 'not_reached' | 'excluded';

export interface StateWords {
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

const CALL_STATES: StateWords = { state: STATE_WORDS, refusalRate: 'Refusal rate' };
const MESSAGE_STATES: StateWords = { state: { ...STATE_WORDS, refused: 'Unsubscribed' }, refusalRate: 'Unsubscribe rate' };

/** The recipient-state words for a campaign that places its own calls, or not. */
export const stateWordsFor = (placesCalls: boolean): StateWords => (placesCalls ? CALL_STATES : MESSAGE_STATES);

/** Call attempts by outcome, whoever placed the calls. */
export const CALL_OUTCOME_WORDS = {
  outcomesTitle: 'Attempt outcomes',
  outcomesSubtitle: 'Each call attempt by its outcome',
  seriesTitle: { hourly: 'Call attempts by hour', daily: 'Call attempts by day' },
  outcomes: ['completed', 'refused', 'no_answer', 'busy', 'failed'] as Outcome[],
  outcome: { completed: 'Completed', refused: 'Refused', no_answer: 'No answer', busy: 'Busy', failed: 'Failed' } as Record<Outcome, string>,
};
