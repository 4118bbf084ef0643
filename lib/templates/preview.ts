import { db } from '@/lib/db';
import { getTransport, isDeliveryError, type DeliveryError } from '@/lib/delivery/transport';
import { HttpError, notFound } from '@/lib/http/errors';
import { compileParsed, compileTemplate, renderForContact, type CompiledTemplate, type RenderedEmail } from '@/lib/templates/render';
import { SAMPLE_CONTACT, sampleExtras } from '@/lib/templates/samples';
import type { PreviewInput, TestSendInput } from '@/lib/templates/schema';
import { attributeKeysOf, getTemplate } from '@/lib/templates/service';
import { asTemplateHttpError, checkTemplate } from '@/lib/templates/validate';
import type { TemplateContact } from '@/lib/templates/variables';

/** A contact of this workspace with the columns templates use; another workspace's contact is a 404. */
async function templateContact(workspaceId: string, id: string): Promise<TemplateContact & { id: string }> {
  const contact = await db.contact.findFirst({
    where: { id, workspaceId },
    select: { id: true, email: true, firstName: true, lastName: true, phone: true, locale: true, timeZone: true, attributes: true },
  });
  if (!contact) throw notFound('Contact');
  return contact;
}

/** Renders with sample specials; a template that fails at render time is the author's 400, not a 500. */
async function renderSample(compile: () => CompiledTemplate, contact: TemplateContact): Promise<RenderedEmail> {
  const extras = await sampleExtras();
  try {
    return renderForContact(compile(), contact, extras);
  } catch (err) {
    throw asTemplateHttpError(err);
  }
}

/** Unsaved content rendered for one contact (or the sample contact), with its unknown-variable warnings. */
export async function previewTemplate(workspaceId: string, input: PreviewInput) {
  const [keys, contact] = await Promise.all([attributeKeysOf(workspaceId), input.contactId ? templateContact(workspaceId, input.contactId) : null]);
  const { parsed, warnings } = checkTemplate(input, keys);
  const rendered = await renderSample(() => compileParsed(input, parsed), contact ?? SAMPLE_CONTACT);
  return { ...rendered, warnings, contact: contact ? { id: contact.id, email: contact.email } : null };
}

/** Delivery failures of a test send: a refused address is the caller's 400, an unreachable server a 503. */
function deliveryHttpError(err: DeliveryError): HttpError {
  const details = { code: err.code, reason: err.reason };
  if (err.transient) return new HttpError(503, `The mail server could not take the message now (${err.code}): ${err.reason}`, details);
  return new HttpError(400, `The message was refused (${err.code}): ${err.reason}`, { ...details, fieldErrors: { to: [err.reason] } });
}

/** Sends the saved template once to `to`, marked as a test, through the same transport campaigns use. */
export async function sendTestEmail(workspaceId: string, templateId: string, input: TestSendInput) {
  const template = await getTemplate(workspaceId, templateId);
  const contact = input.contactId ? await templateContact(workspaceId, input.contactId) : { ...SAMPLE_CONTACT, email: input.to };
  const rendered = await renderSample(() => compileTemplate(template), contact);
  const transport = getTransport();
  try {
    const result = await transport.send({
      workspaceId,
      to: input.to,
      subject: `[Test] ${rendered.subject}`,
      html: rendered.html,
      text: rendered.text,
      headers: { 'X-Herald-Test': 'true', 'X-Herald-Template-Id': template.id },
    });
    return { ...result, transport: transport.kind };
  } catch (err) {
    throw isDeliveryError(err) ? deliveryHttpError(err) : err;
  }
}
