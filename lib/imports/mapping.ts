import { z } from 'zod';
import { ATTRIBUTE_KEY, type AttributeTypes } from '@/lib/contacts/attribute-types';
import { contactInputSchema, type ContactInput } from '@/lib/contacts/schema';

/** The contact fields that hold a yes/no (consents). */
export const BOOLEAN_FIELDS: ReadonlySet<ContactField> = new Set(['marketing_opt_in', 'sms_opt_in', 'whatsapp_opt_in', 'call_opt_in']);

/** Contact fields a CSV column can fill, by the snake_case names people see, and the ContactInput key each fills. */
export const CONTACT_FIELDS = {
  email: 'email',
  first_name: 'firstName',
  last_name: 'lastName',
  phone: 'phone',
  time_zone: 'timeZone',
  locale: 'locale',
  marketing_opt_in: 'marketingOptIn',
  opt_in_source: 'optInSource',
  sms_opt_in: 'smsOptIn',
  whatsapp_opt_in: 'whatsappOptIn',
  call_opt_in: 'callOptIn',
} as const satisfies Record<string, keyof ContactInput>;

export type ContactField = keyof typeof CONTACT_FIELDS;
export type ColumnTarget = ContactField | 'tags' | 'ignore' | `attributes.${string}`;

const contactFields = Object.keys(CONTACT_FIELDS) as ContactField[];

/** Header spellings seen in real exports, compared after dropping case, spaces and punctuation. */
const SYNONYMS: Record<ContactField | 'tags', string[]> = {
  email: ['email', 'emailaddress', 'mail', 'mailaddress', 'emailid'],
  first_name: ['firstname', 'givenname', 'forename', 'first', 'fname'],
  last_name: ['lastname', 'surname', 'familyname', 'last', 'lname'],
  phone: ['phone', 'phonenumber', 'mobile', 'mobilephone', 'mobilenumber', 'cell', 'cellphone', 'telephone', 'tel'],
  time_zone: ['timezone', 'tz', 'zone'],
  locale: ['locale', 'language', 'lang'],
  marketing_opt_in: ['marketingoptin', 'optin', 'optedin', 'emailoptin', 'subscribed', 'consent', 'acceptsmarketing'],
  opt_in_source: ['optinsource', 'source', 'signupsource'],
  sms_opt_in: ['smsoptin', 'smsconsent', 'textoptin'],
  whatsapp_opt_in: ['whatsappoptin', 'whatsappconsent'],
  call_opt_in: ['calloptin', 'callconsent', 'phoneoptin', 'voiceoptin'],
  tags: ['tags', 'tag', 'labels'],
};

const squash = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The target a header most likely means: a contact field, tags, a declared attribute with the same name, or ignore. */
export function suggestTarget(header: string, attributeTypes: AttributeTypes): ColumnTarget {
  const key = squash(header);
  for (const [target, spellings] of Object.entries(SYNONYMS)) if (spellings.includes(key)) return target as ContactField | 'tags';
  const attribute = Object.keys(attributeTypes).find((k) => squash(k) === key);
  return attribute ? `attributes.${attribute}` : 'ignore';
}

/** One suggestion per header; a field already suggested for an earlier header is not suggested twice. */
export function suggestMapping(headers: string[], attributeTypes: AttributeTypes): Record<string, ColumnTarget> {
  const taken = new Set<ColumnTarget>();
  return Object.fromEntries(
    headers.map((header) => {
      const target = suggestTarget(header, attributeTypes);
      const free = target === 'ignore' || target === 'tags' || !taken.has(target);
      taken.add(target);
      return [header, free ? target : 'ignore'];
    }),
  );
}

/** Every target a column may be mapped to in this workspace, for the mapping table's selects. */
export function columnTargets(attributeTypes: AttributeTypes): ColumnTarget[] {
  return [...contactFields, 'tags', ...Object.keys(attributeTypes).sort().map((k) => `attributes.${k}` as const), 'ignore'];
}

/** Checks a column → target mapping against the file's headers and the declared attributes. */
export function mappingSchema(headers: string[], attributeTypes: AttributeTypes) {
  const targets = new Set<string>(columnTargets(attributeTypes));
  return z
    .record(z.string(), z.string(), { error: 'Send { "mapping": { "<CSV column>": "<contact field>" } }' })
    .superRefine((mapping, ctx) => {
      const used = Object.values(mapping);
      if (!used.includes('email')) ctx.addIssue({ code: 'custom', path: [], message: 'Map a column to email' });
      for (const [header, target] of Object.entries(mapping)) {
        if (!headers.includes(header)) ctx.addIssue({ code: 'custom', path: [header], message: `The file has no column "${header.slice(0, 100)}"` });
        else if (!targets.has(target)) ctx.addIssue({ code: 'custom', path: [header], message: unknownTargetMessage(target) });
        else if (target !== 'ignore' && target !== 'tags' && used.filter((t) => t === target).length > 1) {
          ctx.addIssue({ code: 'custom', path: [header], message: `Map only one column to ${target}` });
        }
      }
    });
}

function unknownTargetMessage(target: string): string {
  const attribute = target.startsWith('attributes.') ? target.slice('attributes.'.length) : null;
  return attribute && ATTRIBUTE_KEY.test(attribute) ? `Declare the attribute "${attribute}" first` : 'Choose a contact field, a declared attribute, tags or ignore';
}

/** What the mapping step sends, checked against this import's file and the workspace's attributes. */
export function startImportSchema(headers: string[], attributeTypes: AttributeTypes) {
  return z.object({
    mapping: mappingSchema(headers, attributeTypes),
    // Why: the contact schema's own rule, so a bad source is a 400 here instead of one reject per opted-in row.
    optInSource: contactInputSchema({}).shape.optInSource,
    existing: z.enum(['update', 'skip'], { error: 'Choose update or skip for contacts that already exist' }).default('update'),
  });
}

export type StartImportInput = z.infer<ReturnType<typeof startImportSchema>>;

/** A mapped column: where it sits in each record and what it fills. */
export type ColumnPlan =
  | { index: number; header: string; kind: 'field'; field: ContactField }
  | { index: number; header: string; kind: 'tags' }
  | { index: number; header: string; kind: 'attribute'; key: string; type: AttributeTypes[string] };

/** Turns a checked mapping into per-index instructions; ignored columns are dropped. */
export function columnPlan(headers: string[], mapping: Record<string, string>, attributeTypes: AttributeTypes): ColumnPlan[] {
  const plan: ColumnPlan[] = [];
  headers.forEach((header, index) => {
    const target = Object.hasOwn(mapping, header) ? mapping[header] : 'ignore';
    if (target === 'ignore') return;
    if (target === 'tags') plan.push({ index, header, kind: 'tags' });
    else if (target.startsWith('attributes.')) {
      const key = target.slice('attributes.'.length);
      plan.push({ index, header, kind: 'attribute', key, type: attributeTypes[key] });
    } else plan.push({ index, header, kind: 'field', field: target as ContactField });
  });
  return plan;
}
