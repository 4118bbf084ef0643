import type { Template } from '@/lib/generated/prisma/client';
import { PermanentDeliveryError } from '@/lib/delivery/errors';
import type { OutgoingEmail } from '@/lib/delivery/outgoing';
import { compileTemplate, renderForContact, type CompiledTemplate } from '@/lib/templates/render';
import type { RenderExtras, TemplateContact } from '@/lib/templates/variables';
import { addTracking } from '@/lib/tracking/links';
import { trackingUrl } from '@/lib/tracking/urls';
import { templateChannelOf, callContentSchema, textContentSchema, type CallContent, type TemplateChannel } from '@/lib/channels/content';
import { compileText } from '@/lib/channels/render';
import type { Program } from '@/lib/templates/program';

/** A template compiled once for a whole dispatch run, with what the run must prepare before rendering it. */
export interface PreparedTemplate {
  id: string;
  channel: TemplateChannel;
  compiled: CompiledTemplate | null;
  /** A text message's body (sms, whatsapp). */
  text?: Program | null;
  /** A call's script and questions (rendered per contact when the call is answered). */
  call?: CallContent | null;
  /** Why it cannot be sent (a syntax error saved before validation existed); every message of it fails permanently. */
  error: string | null;
  usesQrCode: boolean;
  /** Whether it shows `{{ view_in_browser_url }}` (its signed link is only made when it does). */
  usesViewUrl: boolean;
}

const QR_PLACEHOLDER = /\bqr_code\b/;
const VIEW_PLACEHOLDER = /\bview_in_browser_url\b/;

/** Compiles a saved template once; a template that does not compile is kept as an error, not thrown per message. */
export function prepareTemplate(t: Template): PreparedTemplate {
  const channel = templateChannelOf(t.channel);
  if (channel !== 'email') return preparePhoneTemplate(t, channel);
  const parts = [t.subject, t.preheader ?? '', t.htmlBody, t.textBody ?? ''];
  const uses = { usesQrCode: parts.some((s) => QR_PLACEHOLDER.test(s)), usesViewUrl: parts.some((s) => VIEW_PLACEHOLDER.test(s)) };
  try {
    return { id: t.id, channel, compiled: compileTemplate(t), error: null, ...uses };
  } catch (err) {
    return { id: t.id, channel, compiled: null, error: err instanceof Error ? err.message : String(err), ...uses };
  }
}

function preparePhoneTemplate(t: Template, channel: Exclude<TemplateChannel, 'email'>): PreparedTemplate {
  const base = { id: t.id, channel, compiled: null, usesQrCode: false, usesViewUrl: false };
  try {
    if (channel === 'call') return { ...base, call: callContentSchema.parse(t.content), error: null };
    return { ...base, text: compileText(textContentSchema.parse(t.content).body), error: null };
  } catch (err) {
    return { ...base, error: err instanceof Error ? err.message : String(err) };
  }
}

export interface ComposeInput {
  template: PreparedTemplate;
  contact: TemplateContact;
  workspaceId: string;
  messageId: string;
  /** Public base URL of tracking links. */
  base: string;
  qrCode?: RenderExtras['qrCode'];
}

/**
 * One recipient's email, ready for the transport: rendered with the special placeholders filled (signed unsubscribe
 * and view links, the QR image), links routed through signed click links, the open pixel added, and the RFC 8058
 * one-click unsubscribe headers set. A template that cannot render is a permanent failure of this message.
 */
export function composeEmail(input: ComposeInput): OutgoingEmail {
  const { template, messageId, base } = input;
  if (!template.compiled) throw new PermanentDeliveryError('template_error', template.error ?? 'The template cannot be compiled');
  const unsubscribeUrl = trackingUrl(base, 'unsubscribe', messageId);
  let rendered;
  try {
    const viewInBrowserUrl = template.usesViewUrl ? trackingUrl(base, 'view', messageId) : undefined;
    rendered = renderForContact(template.compiled, input.contact, { unsubscribeUrl, viewInBrowserUrl, qrCode: input.qrCode });
  } catch (err) {
    throw new PermanentDeliveryError('render_error', err instanceof Error ? err.message : String(err));
  }
  return {
    workspaceId: input.workspaceId,
    messageId,
    to: input.contact.email,
    subject: rendered.subject,
    html: addTracking(rendered.html, messageId, base),
    text: rendered.text,
    headers: {
      'List-Unsubscribe': `<${unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}
