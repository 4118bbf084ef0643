/** Every reason a recipient can be excluded for reads in words on the campaign page, the contact and the dashboard. */
import { describe, expect, it } from 'vitest';
import { exclusionReasonLabel } from '@/lib/campaigns/exclusion-reasons';
import { phoneUnreachableReason } from '@/lib/channels/campaign-steps';
import { SuppressionReason } from '@/lib/generated/prisma/enums';

describe('exclusion reasons in words', () => {
  it('names every reason activation and dispatch store', () => {
    const contact = { phone: null as string | null, smsOptIn: false, whatsappOptIn: false, callOptIn: false };
    const sendTime = (['sms', 'whatsapp', 'call'] as const).flatMap((ch) => [phoneUnreachableReason(ch, contact)!, phoneUnreachableReason(ch, { ...contact, phone: '+447700900101' })!]);
    const activation = ['no_marketing_opt_in', 'unsubscribed', 'holdout', ...Object.values(SuppressionReason).map((r) => `suppressed:${r}`)];
    const words = Object.fromEntries([...new Set([...sendTime, ...activation, 'no_schedule_for_step'])].map((code) => [code, exclusionReasonLabel(code)]));
    expect(words).toEqual({
      no_phone: 'no phone number',
      no_sms_opt_in: 'no text consent',
      no_whatsapp_opt_in: 'no WhatsApp consent',
      no_call_opt_in: 'no call consent',
      no_marketing_opt_in: 'no marketing opt-in',
      unsubscribed: 'unsubscribed',
      holdout: 'held out',
      'suppressed:unsubscribed': 'suppressed: unsubscribed',
      'suppressed:bounced': 'suppressed: bounced',
      'suppressed:complained': 'suppressed: complained',
      'suppressed:manual': 'suppressed: added by hand',
      no_schedule_for_step: 'no schedule for the step',
    });
  });

  it('reads an unknown code with spaces rather than hiding it', () => {
    expect(exclusionReasonLabel('some_new_reason')).toBe('some new reason');
    expect(exclusionReasonLabel('suppressed:some_day')).toBe('suppressed: some day');
  });
});
