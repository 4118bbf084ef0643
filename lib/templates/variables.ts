import type { Contact } from '@/lib/generated/prisma/client';
import { SafeHtml, escapeHtml } from '@/lib/templates/engine';
import type { Scope } from '@/lib/templates/program';

/** Contact columns a template may use, by their template names. */
export const CONTACT_VARIABLES = {
  first_name: 'firstName',
  last_name: 'lastName',
  email: 'email',
  phone: 'phone',
  locale: 'locale',
  time_zone: 'timeZone',
} as const satisfies Record<string, keyof Contact>;

/** Placeholders the delivery step fills per message at send time. */
export const SPECIAL_VARIABLES = ['unsubscribe_url', 'qr_code', 'view_in_browser_url'] as const;

/** The root that holds every custom attribute: `{{ attributes.plan }}`, same as `{{ plan }}`. */
export const ATTRIBUTES_ROOT = 'attributes';

/** What rendering needs of a contact; campaign sends load only these columns. Attributes that are not an object are ignored. */
export type TemplateContact = Pick<Contact, 'email'> & Partial<Pick<Contact, 'firstName' | 'lastName' | 'phone' | 'locale' | 'timeZone'>> & { attributes?: unknown };

/** The per-message values behind the special placeholders. */
export interface RenderExtras {
  unsubscribeUrl?: string;
  viewInBrowserUrl?: string;
  /** The recipient's QR code: the image to show and the code itself for the text part. */
  qrCode?: { imageSrc: string; code: string; alt?: string; caption?: string };
}

/** `{{ qr_code }}` in HTML is an <img>; in text it is the code, which a reader can still quote at a desk. */
export function qrCodeValue(qr: NonNullable<RenderExtras['qrCode']>): SafeHtml {
  const alt = qr.alt ?? `QR code ${qr.code}`;
  const img = `<img src="${escapeHtml(qr.imageSrc)}" alt="${escapeHtml(alt)}" width="200" height="200" style="display:block;border:0;width:200px;height:200px">`;
  const caption = qr.caption ? `<div style="font-size:12px;color:#6b7280">${escapeHtml(qr.caption)}</div>` : '';
  return new SafeHtml(img + caption, `QR code: ${qr.code}`);
}

const attributesOf = (contact: TemplateContact): Scope => {
  const a = contact.attributes;
  return a && typeof a === 'object' && !Array.isArray(a) ? (a as Scope) : {};
};

/**
 * Everything a template can name for one recipient. Attributes are also reachable at the top level, but a
 * contact column or special placeholder of the same name wins, so a stray attribute cannot spoof an URL.
 * Why a loop and not `{ ...attributes, … }`: spreading first sends V8 down a slow path (≈25 µs per recipient).
 */
export function contactScope(contact: TemplateContact, extras: RenderExtras = {}): Scope {
  const attributes = attributesOf(contact);
  const scope: Scope = {
    first_name: contact.firstName ?? null,
    last_name: contact.lastName ?? null,
    email: contact.email,
    phone: contact.phone ?? null,
    locale: contact.locale ?? null,
    time_zone: contact.timeZone ?? null,
    unsubscribe_url: extras.unsubscribeUrl ?? '',
    view_in_browser_url: extras.viewInBrowserUrl ?? '',
    qr_code: extras.qrCode ? qrCodeValue(extras.qrCode) : '',
    attributes,
  };
  for (const key of Object.keys(attributes)) {
    if (key !== '__proto__' && !Object.hasOwn(scope, key)) scope[key] = attributes[key];
  }
  return scope;
}

/** Names that never warn: contact columns, special placeholders and the attributes root. */
export const BUILT_IN_VARIABLES: ReadonlySet<string> = new Set([...Object.keys(CONTACT_VARIABLES), ...SPECIAL_VARIABLES, ATTRIBUTES_ROOT]);
