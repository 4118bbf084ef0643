/**
 * One text or call of a dispatch batch. Like an email, the message row goes `sending` before the provider is asked;
 * unlike one, the provider's acceptance is recorded at once (not with the lane's next send), because Twilio's status
 * callbacks may arrive within a second and must find the message sent.
 */
import type { BatchContext } from '@/lib/delivery/batch';
import type { ClaimedRecipient } from '@/lib/delivery/claim';
import { PermanentDeliveryError, isDeliveryError } from '@/lib/delivery/errors';
import { recordLaneStep, type MessageSlot } from '@/lib/delivery/messages';
import type { BatchOutcomes } from '@/lib/delivery/outcomes';
import { callbackUrls } from '@/lib/channels/callbacks';
import { renderText } from '@/lib/channels/render';
import { classifyTwilioError } from '@/lib/channels/twilio';

const NOT_SET_UP = 'Calls and texts are not set up: set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM_NUMBER';

export async function sendPhoneMessage(ctx: BatchContext, { recipient, message }: { recipient: ClaimedRecipient; message: MessageSlot }, out: BatchOutcomes): Promise<void> {
  const attempt = message.attemptCount + 1;
  const channel = recipient.channel as Exclude<NonNullable<ClaimedRecipient['channel']>, 'email'>;
  try {
    if (!ctx.phone) throw new PermanentDeliveryError('not_configured', NOT_SET_UP);
    const template = ctx.templates.get(recipient.templateId!);
    if (template.error) throw new PermanentDeliveryError('template_error', template.error);
    let body: string | null = null;
    if (channel !== 'call') {
      try {
        body = renderText(template.text!, recipient);
      } catch (err) {
        throw new PermanentDeliveryError('render_error', err instanceof Error ? err.message : String(err));
      }
      if (!body) throw new PermanentDeliveryError('render_error', 'The message is empty for this contact');
    }
    // The sending number's rate: wait for a slot, then look again whether the run must stop (a pause within the wait).
    await ctx.phone.slot(channel === 'call' ? 'call' : 'message', channel);
    if (await ctx.shouldStop()) {
      out.released.push(recipient);
      return;
    }
    if (!(await recordLaneStep({ sending: message.id }).catch(() => false))) {
      out.released.push(recipient);
      return;
    }
    const urls = callbackUrls(ctx.base, message.id, attempt);
    const sid =
      channel === 'call'
        ? await ctx.phone.placeCall({ to: recipient.phone!, voiceUrl: urls.voice(0), statusCallback: urls.status })
        : await ctx.phone.sendText({ channel, to: recipient.phone!, body: body!, statusCallback: urls.status });
    const at = new Date();
    await recordLaneStep({ sent: { id: message.id, at, providerMessageId: sid, attempt } }).catch(() => undefined);
    out.sent.push({ recipient, message, attempt, at, providerMessageId: sid });
  } catch (err) {
    const e = isDeliveryError(err) ? err : classifyTwilioError(err);
    const at = new Date();
    if (e.transient && attempt < ctx.maxAttempts) {
      out.retrying.push({ recipient, message, attempt, at, code: e.code, reason: e.reason, retryAt: new Date(at.getTime() + ctx.retryDelayMs(attempt)) });
    } else {
      const reason = e.transient ? `${e.reason} (gave up after ${attempt} attempts)` : e.reason;
      out.failed.push({ recipient, message, attempt, at, code: e.code, reason, outcome: e.transient ? 'transient_failure' : 'permanent_failure' });
    }
  }
}
