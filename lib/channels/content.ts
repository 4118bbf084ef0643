/**
 * The channels a template (and the flow step that sends it) can use, and what a text or a call template holds.
 * Email keeps its subject and bodies on the template row; the others keep theirs in `content`.
 */
import { z } from 'zod';

export const TEMPLATE_CHANNELS = ['email', 'sms', 'whatsapp', 'call'] as const;
export type TemplateChannel = (typeof TEMPLATE_CHANNELS)[number];
export type PhoneChannel = Exclude<TemplateChannel, 'email'>;
export const isTemplateChannel = (c: string): c is TemplateChannel => (TEMPLATE_CHANNELS as readonly string[]).includes(c);
/** A stored template's channel, email for anything else (rows from before channels existed). */
export const templateChannelOf = (c: string | null | undefined): TemplateChannel => (c && isTemplateChannel(c) ? c : 'email');

/** The flow step that sends each channel's templates. */
export const STEP_TYPE_OF_CHANNEL = { email: 'SEND_EMAIL', sms: 'SEND_SMS', whatsapp: 'SEND_WHATSAPP', call: 'PLACE_CALL' } as const;
export type SendStepType = (typeof STEP_TYPE_OF_CHANNEL)[TemplateChannel];
export const CHANNEL_OF_STEP_TYPE: Record<SendStepType, TemplateChannel> = { SEND_EMAIL: 'email', SEND_SMS: 'sms', SEND_WHATSAPP: 'whatsapp', PLACE_CALL: 'call' };
export const isSendStepType = (t: string): t is SendStepType => t in CHANNEL_OF_STEP_TYPE;

/** The analytics channel of a template channel (analytics calls a call `voice`). */
export const ANALYTICS_CHANNEL = { email: 'email', sms: 'sms', whatsapp: 'whatsapp', call: 'voice' } as const;

export const CHANNEL_LABELS: Record<TemplateChannel, string> = { email: 'Email', sms: 'SMS', whatsapp: 'WhatsApp', call: 'Phone call' };

/** A single template as a campaign's content, with its channel: "SMS: Event reminder". */
export const templateContent = (template: { name: string; channel: string | null | undefined }) => `${CHANNEL_LABELS[templateChannelOf(template.channel)]}: ${template.name}`;

export interface SendNoun {
  one: string;
  other: string;
  /** "sent", or "placed" for calls. */
  done: string;
}

/** What one send of each channel is called on screen, so a text campaign says "texts" and a call campaign "calls". */
export const SEND_NOUNS: Record<TemplateChannel, SendNoun> = {
  email: { one: 'email', other: 'emails', done: 'sent' },
  sms: { one: 'text', other: 'texts', done: 'sent' },
  whatsapp: { one: 'WhatsApp message', other: 'WhatsApp messages', done: 'sent' },
  call: { one: 'call', other: 'calls', done: 'placed' },
};
const MESSAGE_NOUN: SendNoun = { one: 'message', other: 'messages', done: 'sent' };

/** The noun for sends over these channels: the channel's own when there is one, "message" for a mix or none. */
export function sendNoun(channels: Iterable<TemplateChannel>): SendNoun {
  const distinct = new Set(channels);
  return distinct.size === 1 ? SEND_NOUNS[[...distinct][0]!] : MESSAGE_NOUN;
}

/** Sends counted by channel in words, most first ("344 emails, 65 texts, 1 call"); '' when there are none. */
export function sendsInWords(counts: Partial<Record<TemplateChannel, number>>, count: (n: number, one: string, other: string) => string): string {
  return TEMPLATE_CHANNELS.map((c) => [c, counts[c] ?? 0] as const)
    .filter(([, n]) => n > 0)
    .sort(([, a], [, b]) => b - a)
    .map(([c, n]) => count(n, SEND_NOUNS[c].one, SEND_NOUNS[c].other))
    .join(', ');
}

/** Counts by channel with every channel present, from rows of (channel, count); an unknown channel counts as email. */
export function countsByChannel(rows: Iterable<readonly [string | null, number]>): Record<TemplateChannel, number> {
  const out: Record<TemplateChannel, number> = { email: 0, sms: 0, whatsapp: 0, call: 0 };
  for (const [channel, n] of rows) out[templateChannelOf(channel)] += n;
  return out;
}

/** A text message: 1,600 characters is the most Twilio accepts in one request (10 segments of GSM-7). */
export const MAX_TEXT_LENGTH = 1600;
export const textContentSchema = z.object({
  body: z.string({ error: 'Write the message' }).trim().min(1, 'Write the message').max(MAX_TEXT_LENGTH, `At most ${MAX_TEXT_LENGTH} characters`),
});
export type TextContent = z.infer<typeof textContentSchema>;

const intentName = z
  .string({ error: 'Name the intent' })
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'Use lower-case letters, digits and _ (e.g. interested)');

/** Intents every call understands; a step may name others. `qualified` and `interested` drive the funnel. */
export const STANDARD_INTENTS = ['interested', 'not_interested', 'callback', 'qualified', 'do_not_call'] as const;

export const GATHER_INPUTS = ['dtmf', 'speech', 'dtmf speech'] as const;

const choiceSchema = z
  .object({
    /** Keys pressed (e.g. "1"). */
    digits: z
      .string()
      .trim()
      .regex(/^[0-9*#]{1,4}$/, 'Keys are digits, * or # (at most 4)')
      .nullish()
      .transform((v) => v || null),
    /** Words that mean this answer when spoken (any of them, case-insensitive). */
    words: z.array(z.string().trim().toLowerCase().min(1).max(40)).max(10).default([]),
    intent: intentName,
  })
  .refine((c) => c.digits || c.words.length > 0, { message: 'Give a key or a spoken word for this answer', path: ['digits'] });

const questionSchema = z
  .object({
    key: z
      .string({ error: 'Name the answer' })
      .trim()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, 'Use lower-case letters, digits and _ (e.g. interest)'),
    prompt: z.string({ error: 'Write the question' }).trim().min(1, 'Write the question').max(500, 'At most 500 characters'),
    input: z.enum(GATHER_INPUTS).default('dtmf speech'),
    choices: z.array(choiceSchema).min(1, 'Give at least one answer').max(9, 'At most 9 answers'),
  })
  .superRefine((q, ctx) => {
    const keys = new Set<string>();
    q.choices.forEach((c, i) => {
      if (c.digits && keys.has(c.digits)) ctx.addIssue({ code: 'custom', path: ['choices', i, 'digits'], message: `Key ${c.digits} is used twice` });
      if (c.digits) keys.add(c.digits);
      if (q.input === 'dtmf' && !c.digits) ctx.addIssue({ code: 'custom', path: ['choices', i, 'digits'], message: 'This question takes keys: give one' });
    });
  });

export const callContentSchema = z
  .object({
    /** What the call says first, once it is answered. */
    script: z.string({ error: 'Write what the call says' }).trim().min(1, 'Write what the call says').max(3000, 'At most 3,000 characters'),
    questions: z.array(questionSchema).max(10, 'At most 10 questions').default([]),
    /** Intents that make an answered call a refusal (the contact declined). */
    refusalIntents: z.array(intentName).max(10).default(['not_interested', 'do_not_call']),
    /** Said before hanging up. */
    closing: z.string().trim().max(500).default('Thank you. Goodbye.'),
  })
  .superRefine((c, ctx) => {
    const keys = new Set<string>();
    c.questions.forEach((q, i) => {
      if (keys.has(q.key)) ctx.addIssue({ code: 'custom', path: ['questions', i, 'key'], message: `The answer name ${q.key} is used twice` });
      keys.add(q.key);
    });
  });
export type CallContent = z.infer<typeof callContentSchema>;
export type CallQuestion = CallContent['questions'][number];

/** The content schema of a channel (null for email, whose content is its subject and bodies). */
export function contentSchemaOf(channel: TemplateChannel) {
  return channel === 'call' ? callContentSchema : channel === 'email' ? null : textContentSchema;
}

/** A call step's retry policy and calling hours (the recipient's local time). */
export const callPolicySchema = z
  .object({
    maxAttempts: z.coerce.number({ error: 'Expected a number' }).int('Use a whole number').min(1, 'At least 1 attempt').max(10, 'At most 10 attempts').default(3),
    retryMinutes: z.coerce.number({ error: 'Expected a number' }).int('Use whole minutes').min(1, 'At least 1 minute').max(10_080, 'At most 7 days').default(60),
    callingHoursStart: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:MM').default('09:00'),
    callingHoursEnd: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:MM').default('20:00'),
  })
  .refine((p) => p.callingHoursStart !== p.callingHoursEnd, { message: 'Calling hours must not start and end at the same time', path: ['callingHoursEnd'] });
export type CallPolicy = z.infer<typeof callPolicySchema>;
export const DEFAULT_CALL_POLICY: CallPolicy = callPolicySchema.parse({});
