/** Why a recipient gets nothing, in words: the stored reasons are codes (`no_sms_opt_in`, `suppressed:bounced`). */

const REASONS: Record<string, string> = {
  no_marketing_opt_in: 'no marketing opt-in',
  unsubscribed: 'unsubscribed',
  holdout: 'held out',
  no_phone: 'no phone number',
  no_sms_opt_in: 'no text consent',
  no_whatsapp_opt_in: 'no WhatsApp consent',
  no_call_opt_in: 'no call consent',
  no_schedule_for_step: 'no schedule for the step',
};

const SUPPRESSIONS: Record<string, string> = { unsubscribed: 'unsubscribed', bounced: 'bounced', complained: 'complained', manual: 'added by hand' };

const SUPPRESSED = 'suppressed:';

/** The words for a stored exclusion reason; an unknown code reads with spaces for its underscores. */
export function exclusionReasonLabel(reason: string): string {
  if (reason.startsWith(SUPPRESSED)) {
    const why = reason.slice(SUPPRESSED.length);
    return `suppressed: ${SUPPRESSIONS[why] ?? why.replace(/_/g, ' ')}`;
  }
  return REASONS[reason] ?? reason.replace(/_/g, ' ');
}
