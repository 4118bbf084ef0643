/**
 * The template editor's form values for texts and calls, and how they turn into what `saveTemplateAction` takes.
 * Lists are typed as comma-separated text; the server's schema (lib/channels/content.ts) does the validating.
 */
import { GATHER_INPUTS, type CallContent } from '@/lib/channels/content';

export type GatherInput = (typeof GATHER_INPUTS)[number];

export interface ChoiceForm {
  uid: number;
  digits: string;
  /** Spoken words, comma-separated. */
  words: string;
  intent: string;
}

export interface QuestionForm {
  uid: number;
  key: string;
  prompt: string;
  input: GatherInput;
  choices: ChoiceForm[];
}

export interface CallForm {
  script: string;
  questions: QuestionForm[];
  /** Comma-separated. */
  refusalIntents: string;
  closing: string;
}

/** Stable React keys for rows that can be added and removed. */
let lastUid = 0;
const uid = () => ++lastUid;

export const GATHER_INPUT_LABELS: Record<GatherInput, string> = { 'dtmf speech': 'Keys or speech', dtmf: 'Keys only', speech: 'Speech only' };

export const splitList = (text: string) =>
  text
    .split(',')
    .map((w) => w.trim())
    .filter(Boolean);

export const newChoice = (): ChoiceForm => ({ uid: uid(), digits: '', words: '', intent: '' });
export const newQuestion = (): QuestionForm => ({ uid: uid(), key: '', prompt: '', input: 'dtmf speech', choices: [newChoice()] });

export const EMPTY_CALL: CallForm = { script: '', questions: [], refusalIntents: 'not_interested, do_not_call', closing: 'Thank you. Goodbye.' };

const text = (v: unknown) => (typeof v === 'string' ? v : '');
const list = (v: unknown) => (Array.isArray(v) ? v : []);
const record = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** A stored text template's body (content is JSON, read defensively). */
export const textBodyOf = (content: unknown) => text(record(content).body);

/** A stored call template as form values. */
export function callFormOf(content: unknown): CallForm {
  const c = record(content);
  if (!Object.keys(c).length) return EMPTY_CALL;
  return {
    script: text(c.script),
    questions: list(c.questions).map((raw) => {
      const q = record(raw);
      const input = (GATHER_INPUTS as readonly unknown[]).includes(q.input) ? (q.input as GatherInput) : 'dtmf speech';
      return {
        uid: uid(),
        key: text(q.key),
        prompt: text(q.prompt),
        input,
        choices: list(q.choices).map((rawChoice) => {
          const ch = record(rawChoice);
          return { uid: uid(), digits: text(ch.digits), words: list(ch.words).map(text).join(', '), intent: text(ch.intent) };
        }),
      };
    }),
    refusalIntents: list(c.refusalIntents).map(text).join(', '),
    closing: text(c.closing),
  };
}

/** The call content to save, in the shape of `callContentSchema`. */
export function callContentInput(form: CallForm): CallContent {
  return {
    script: form.script,
    questions: form.questions.map((q) => ({
      key: q.key,
      prompt: q.prompt,
      input: q.input,
      choices: q.choices.map((c) => ({ digits: c.digits.trim() || null, words: splitList(c.words), intent: c.intent })),
    })),
    refusalIntents: splitList(form.refusalIntents),
    closing: form.closing,
  };
}
