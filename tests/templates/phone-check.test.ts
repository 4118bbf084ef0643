import { describe, expect, it } from 'vitest';
import { checkPhoneTemplate } from '@/lib/channels/check';
import { HttpError } from '@/lib/http/errors';
import { smsSegments } from '@/lib/channels/sms-segments';
import { templateInputSchema } from '@/lib/templates/schema';

const refusal = (input: unknown) => {
  const parsed = templateInputSchema.parse(input);
  if (parsed.channel === 'email') throw new Error('expected a phone template');
  try {
    checkPhoneTemplate(parsed);
  } catch (err) {
    return err as HttpError;
  }
  return null;
};

describe('phone template syntax errors', () => {
  it('names the field of the text that does not parse, so the editor can show it there', () => {
    const sms = refusal({ name: 'x', channel: 'sms', content: { body: 'Hi {{ first_name' } });
    expect(sms).toBeInstanceOf(HttpError);
    expect(sms?.status).toBe(400);
    expect(sms?.details).toMatchObject({ field: 'content.body', fieldErrors: { 'content.body': [expect.stringMatching(/^Line 1, column \d+: /)] } });

    const call = refusal({
      name: 'x',
      channel: 'call',
      content: {
        script: 'Hello {{ first_name }}',
        questions: [
          { key: 'a', prompt: 'Fine?', choices: [{ digits: '1', intent: 'interested' }] },
          { key: 'b', prompt: 'Really {{ plan | nope }}?', choices: [{ digits: '1', intent: 'interested' }] },
        ],
      },
    });
    expect(call?.details).toMatchObject({ field: 'content.questions.1.prompt' });
    expect(Object.keys((call?.details?.fieldErrors ?? {}) as object)).toEqual(['content.questions.1.prompt']);
  });

  it('accepts texts that parse', () => {
    expect(refusal({ name: 'x', channel: 'whatsapp', content: { body: 'Hi {{ first_name | default: "there" }}' } })).toBeNull();
  });
});

describe('SMS segments as the editor counts them', () => {
  it('goes from one to two GSM-7 segments past 160 characters, and to UCS-2 with an emoji', () => {
    expect(smsSegments('a'.repeat(160))).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    expect(smsSegments('a'.repeat(161))).toMatchObject({ encoding: 'GSM-7', segments: 2 });
    expect(smsSegments('Hi 👋')).toMatchObject({ encoding: 'UCS-2', segments: 1, nonGsm: ['👋'] });
  });
});
