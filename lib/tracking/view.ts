import { db } from '@/lib/db';
import { notFound } from '@/lib/http/errors';
import { composeEmail, prepareTemplate } from '@/lib/delivery/compose';
import { DeliveryError } from '@/lib/delivery/errors';
import { qrImageDataUrl } from '@/lib/qr/codes';
import { requireToken } from '@/lib/tracking/record';
import { trackingUrl } from '@/lib/tracking/urls';

/**
 * "View in browser": the message rendered again for its recipient from its template, with the same signed links
 * (tokens are deterministic) and QR code it was sent with.
 */
export async function renderMessageForBrowser(token: unknown, base: string): Promise<string> {
  const { id } = requireToken(token, 'view');
  const m = await db.message.findUnique({
    where: { id },
    select: { id: true, workspaceId: true, campaignId: true, templateId: true, contact: { select: { id: true, email: true, firstName: true, lastName: true, phone: true, locale: true, timeZone: true, attributes: true } } },
  });
  const template = m?.templateId ? await db.template.findUnique({ where: { id: m.templateId } }) : null;
  if (!m || !template) throw notFound('Message');
  const prepared = prepareTemplate(template);
  const qr = prepared.usesQrCode ? await db.qrCode.findUnique({ where: { campaignId_contactId: { campaignId: m.campaignId, contactId: m.contact.id } } }) : null;
  const qrCode = qr ? { code: qr.code, imageSrc: await qrImageDataUrl(trackingUrl(base, 'qr', qr.id)) } : undefined;
  try {
    return composeEmail({ template: prepared, contact: m.contact, workspaceId: m.workspaceId, messageId: m.id, base, qrCode }).html;
  } catch (err) {
    if (err instanceof DeliveryError) throw notFound('Message'); // the template no longer renders
    throw err;
  }
}
