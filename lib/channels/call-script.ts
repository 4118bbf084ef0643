/**
 * A call template as TwiML: the script is said once the call is answered, then each question is a `<Gather>` whose
 * answer Twilio posts back (keys as `Digits`, speech as `SpeechResult`); the answer's choice gives the intent.
 */
import twilio from 'twilio';
import type { CallContent, CallQuestion } from '@/lib/channels/content';

export interface CallUrls {
  /** Where Twilio posts the answer to question `q`. */
  answer(q: number): string;
  /** The TwiML of question `q` (no answer to the previous one moves on to it). */
  question(q: number): string;
}

/** What the call says from question `q` on: the script first when `q` is 0, the closing after the last question. */
export function callTwiml(content: CallContent, q: number, urls: CallUrls): string {
  const r = new twilio.twiml.VoiceResponse();
  if (q === 0) r.say(content.script);
  const question = content.questions[q];
  if (!question) {
    if (content.closing) r.say(content.closing);
    r.hangup();
    return r.toString();
  }
  const keysOnly = question.input === 'dtmf';
  const longestKey = Math.max(1, ...question.choices.map((c) => c.digits?.length ?? 1));
  const gather = r.gather({
    input: question.input === 'dtmf speech' ? ['dtmf', 'speech'] : [question.input],
    action: urls.answer(q),
    method: 'POST',
    timeout: 6,
    ...(longestKey === 1 ? { numDigits: 1 } : { finishOnKey: '#' }),
    ...(keysOnly ? {} : { speechTimeout: 'auto', hints: question.choices.flatMap((c) => c.words).join(', ') || undefined }),
  });
  gather.say(question.prompt);
  // No answer: on to the next question, as Twilio does when a Gather times out and TwiML follows it.
  r.redirect({ method: 'POST' }, urls.question(q + 1));
  return r.toString();
}

/** The TwiML that ends a call Herald cannot place (unknown or settled message). */
export function hangUpTwiml(): string {
  const r = new twilio.twiml.VoiceResponse();
  r.hangup();
  return r.toString();
}

export interface Answer {
  key: string;
  digits: string | null;
  speech: string | null;
  intent: string | null;
}

/** The choice a pressed key or a spoken phrase means: keys match exactly, speech matches any of a choice's words. */
export function matchAnswer(question: CallQuestion, given: { digits?: string | null; speech?: string | null }): Answer {
  const digits = given.digits?.replace(/#$/, '').trim() || null;
  const speech = given.speech?.trim() || null;
  let choice = digits ? question.choices.find((c) => c.digits === digits) : undefined;
  if (!choice && speech) {
    const words = new Set(speech.toLowerCase().split(/[^\p{L}\p{N}']+/u).filter(Boolean));
    const phrase = ` ${[...words].join(' ')} `;
    choice = question.choices.find((c) => c.words.some((w) => (w.includes(' ') ? phrase.includes(` ${w} `) : words.has(w))));
  }
  return { key: question.key, digits, speech, intent: choice?.intent ?? null };
}

/** The call's intent from its answers: a refusal wins, else the last answer that meant something. */
export function callIntent(answers: readonly Answer[], refusalIntents: readonly string[]): string | null {
  const meant = answers.map((a) => a.intent).filter((i): i is string => !!i);
  return meant.find((i) => refusalIntents.includes(i)) ?? meant.at(-1) ?? null;
}

/** How far a call got in the funnel Picked up → Interested → Qualified. */
export function funnelStages(answered: boolean, answers: readonly Answer[]): ('picked_up' | 'interested' | 'qualified')[] {
  if (!answered) return [];
  const intents = new Set(answers.map((a) => a.intent));
  if (intents.has('qualified')) return ['picked_up', 'interested', 'qualified'];
  if (intents.has('interested')) return ['picked_up', 'interested'];
  return ['picked_up'];
}
