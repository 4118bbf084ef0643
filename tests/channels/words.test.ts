/** Phone numbers, SMS segments and call scripts: the rules editors, imports and calls rely on. */
import { describe, expect, it } from 'vitest';
import { normalizePhone, optionalPhoneSchema } from '@/lib/channels/phone';
import { smsSegments } from '@/lib/channels/sms-segments';
import { callContentSchema, countsByChannel, sendNoun, sendsInWords, templateContent } from '@/lib/channels/content';
import { formatter } from '@/lib/format';
import { callIntent, callTwiml, funnelStages, matchAnswer } from '@/lib/channels/call-script';

describe('phone numbers', () => {
  it('normalises typed numbers to E.164 and refuses what is not one', () => {
    expect(normalizePhone('+44 20 7946 0958')).toBe('+442079460958');
    expect(normalizePhone('(+1) 415-555-0123')).toBe('+14155550123');
    expect(normalizePhone('+1 (415) 555-0123')).toBe('+14155550123');
    expect(normalizePhone('0044 20 7946 0958')).toBe('+442079460958');
    expect(normalizePhone('020 7946 0958')).toBe(null); // no country code
    expect(normalizePhone('+0 123 4567')).toBe(null);
    expect(normalizePhone('+1234567890123456')).toBe(null); // 16 digits
    expect(normalizePhone('+44 20 7946 095x')).toBe(null);
    expect(optionalPhoneSchema.parse('  ')).toBe(null);
    expect(optionalPhoneSchema.safeParse('12345').error?.issues[0].message).toMatch(/international format/);
  });
});

describe('SMS segments', () => {
  it('counts GSM-7 in septets (extension characters twice) and splits at 160 / 153', () => {
    expect(smsSegments('')).toMatchObject({ segments: 0, encoding: 'GSM-7' });
    expect(smsSegments('a'.repeat(160))).toMatchObject({ encoding: 'GSM-7', units: 160, segments: 1, remaining: 0 });
    expect(smsSegments('a'.repeat(161))).toMatchObject({ segments: 2, remaining: 306 - 161 });
    expect(smsSegments('€'.repeat(80))).toMatchObject({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsSegments('a'.repeat(459))).toMatchObject({ segments: 3, remaining: 0 });
  });

  it('falls back to UCS-2 for any other character, counted in UTF-16 units, split at 70 / 67', () => {
    expect(smsSegments('ł'.repeat(70))).toMatchObject({ encoding: 'UCS-2', units: 70, segments: 1, nonGsm: ['ł'] });
    expect(smsSegments('ł'.repeat(71))).toMatchObject({ segments: 2 });
    expect(smsSegments('Hi 👋')).toMatchObject({ encoding: 'UCS-2', units: 5, segments: 1 });
  });
});

describe('call scripts', () => {
  const content = callContentSchema.parse({
    script: 'Hello Ann.',
    questions: [
      { key: 'interest', prompt: 'Press 1 for yes, 2 for no.', choices: [{ digits: '1', words: ['yes', 'sure'], intent: 'interested' }, { digits: '2', words: ['no'], intent: 'not_interested' }] },
      { key: 'when', prompt: 'Say call me later to be called back.', input: 'speech', choices: [{ words: ['call me later'], intent: 'callback' }] },
    ],
  });
  const urls = { answer: (q: number) => `https://h.test/answer?q=${q}`, question: (q: number) => `https://h.test/voice?q=${q}` };

  it('says the script, gathers each answer, moves on without one, and ends with the closing', () => {
    const first = callTwiml(content, 0, urls);
    expect(first).toContain('<Say>Hello Ann.</Say>');
    expect(first).toMatch(/<Gather input="dtmf speech" action="https:\/\/h.test\/answer\?q=0" method="POST" timeout="6" numDigits="1" speechTimeout="auto" hints="yes, sure, no"><Say>Press 1 for yes, 2 for no.<\/Say><\/Gather><Redirect method="POST">https:\/\/h.test\/voice\?q=1<\/Redirect>/);
    const second = callTwiml(content, 1, urls);
    expect(second).not.toContain('Hello Ann.');
    expect(second).toContain('<Gather input="speech"');
    expect(callTwiml(content, 2, urls)).toMatch(/<Say>Thank you. Goodbye.<\/Say><Hangup\/>/);
  });

  it('maps keys and spoken words to intents; a refusal wins, else the last meaningful answer', () => {
    const [q1, q2] = content.questions;
    expect(matchAnswer(q1, { digits: '1' }).intent).toBe('interested');
    expect(matchAnswer(q1, { speech: 'Yes, I would.' }).intent).toBe('interested');
    expect(matchAnswer(q1, { digits: '9' }).intent).toBe(null);
    expect(matchAnswer(q2, { speech: 'Please call me later, thanks' }).intent).toBe('callback');
    expect(matchAnswer(q2, { speech: 'call later me' }).intent).toBe(null);
    const a = (intent: string | null) => ({ key: 'k', digits: null, speech: null, intent });
    expect(callIntent([a('interested'), a('not_interested'), a('qualified')], ['not_interested'])).toBe('not_interested');
    expect(callIntent([a('interested'), a(null), a('callback')], ['not_interested'])).toBe('callback');
    expect(funnelStages(true, [a('interested')])).toEqual(['picked_up', 'interested']);
    expect(funnelStages(true, [a('qualified')])).toEqual(['picked_up', 'interested', 'qualified']);
    expect(funnelStages(false, [])).toEqual([]);
  });

  it('refuses a script whose keys repeat or whose key-only question has a spoken-only answer', () => {
    const bad = callContentSchema.safeParse({ script: 'Hi', questions: [{ key: 'a', prompt: 'P', input: 'dtmf', choices: [{ digits: '1', intent: 'x' }, { digits: '1', intent: 'y' }, { words: ['no'], intent: 'z' }] }] });
    expect(bad.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['questions.0.choices.1.digits', 'Key 1 is used twice'],
      ['questions.0.choices.2.digits', 'This question takes keys: give one'],
    ]);
  });
});

describe('what a campaign sends, in words', () => {
  const f = formatter({ locale: 'en-GB', timeZone: 'UTC' });
  const de = formatter({ locale: 'de-DE', timeZone: 'UTC' });

  it('counts with the noun that fits the number', () => {
    expect(f.count(1, 'draft', 'drafts')).toBe('1 draft');
    expect(f.count(0, 'draft', 'drafts')).toBe('0 drafts');
    expect(f.count(1234, 'draft', 'drafts')).toBe('1,234 drafts');
    expect(de.count(1234, 'draft', 'drafts')).toBe('1.234 drafts');
  });

  it('names one channel by its own word and a mix, or nothing, as messages', () => {
    expect(sendNoun(['sms', 'sms'])).toEqual({ one: 'text', other: 'texts', done: 'sent' });
    expect(sendNoun(['call'])).toEqual({ one: 'call', other: 'calls', done: 'placed' });
    expect(sendNoun(['email'])).toMatchObject({ one: 'email', other: 'emails' });
    expect(sendNoun(['whatsapp'])).toMatchObject({ other: 'WhatsApp messages' });
    expect(sendNoun(['email', 'call'])).toEqual({ one: 'message', other: 'messages', done: 'sent' });
    expect(sendNoun([])).toMatchObject({ other: 'messages' });
  });

  it('lists sends by channel, most first, leaving out channels with none', () => {
    expect(sendsInWords({ email: 344, sms: 65, call: 1, whatsapp: 0 }, f.count)).toBe('344 emails, 65 texts, 1 call');
    expect(sendsInWords({ call: 2, email: 1 }, f.count)).toBe('2 calls, 1 email');
    expect(sendsInWords({ email: 0 }, f.count)).toBe('');
  });

  it('names a single template as content with its channel', () => {
    expect(templateContent({ name: 'Event reminder', channel: 'sms' })).toBe('SMS: Event reminder');
    expect(templateContent({ name: 'Welcome', channel: null })).toBe('Email: Welcome');
  });

  it('adds rows up by channel, every channel present, a missing or unknown one as email', () => {
    expect(countsByChannel([['sms', 3], ['call', 2], ['sms', 1], [null, 4], ['pigeon', 1]])).toEqual({ email: 5, sms: 4, whatsapp: 0, call: 2 });
    expect(countsByChannel([])).toEqual({ email: 0, sms: 0, whatsapp: 0, call: 0 });
  });
});
