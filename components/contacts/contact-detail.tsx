import Link from 'next/link';
import type { ReactNode } from 'react';
import { ContactChannelsForm } from '@/components/contacts/contact-channels-form';
import { TagLink } from '@/components/contacts/tag-link';
import { DataTable } from '@/components/ui/data-table';
import { DateTime } from '@/components/ui/formatted';
import { exclusionReasonLabel } from '@/lib/campaigns/exclusion-reasons';
import type { getContact } from '@/lib/contacts/service';
import type { ActionState } from '@/lib/http/action';

type Contact = Awaited<ReturnType<typeof getContact>>;

/** An instant in the member's locale and zone, or a dash when it never happened. */
const when = (d: Date | null) => (d ? <DateTime value={d} withZone={false} /> : '—');

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id} className="mb-3 text-lg font-semibold">{title}</h2>
      {children}
    </section>
  );
}

const Empty = ({ children }: { children: ReactNode }) => <p className="text-sm text-gray-500">{children}</p>;

/** Everything known about one contact: profile, tags, custom attributes, campaigns and messages. */
export function ContactDetail({
  contact,
  attributeLabels,
  canEdit,
  saveChannelsAction,
}: {
  contact: Contact;
  attributeLabels: Record<string, string>;
  canEdit: boolean;
  saveChannelsAction: (id: string, input: unknown) => Promise<ActionState<{ phone: string | null }>>;
}) {
  const attributes = Object.entries((contact.attributes ?? {}) as Record<string, unknown>);
  const profile: [string, ReactNode][] = [
    ['Email', contact.email],
    ['Name', [contact.firstName, contact.lastName].filter(Boolean).join(' ') || '—'],
    ['Phone', contact.phone ?? '—'],
    ['Time zone', contact.timeZone ?? '—'],
    ['Locale', contact.locale ?? '—'],
    ['Marketing opt-in', contact.marketingOptIn ? <>Yes, since {when(contact.optInAt)}{contact.optInSource ? ` (${contact.optInSource})` : ''}</> : 'No'],
    ['SMS opt-in', contact.smsOptIn ? 'Yes' : 'No'],
    ['WhatsApp opt-in', contact.whatsappOptIn ? 'Yes' : 'No'],
    ['Call opt-in', contact.callOptIn ? 'Yes' : 'No'],
    ['Unsubscribed', when(contact.unsubscribedAt)],
    ['Created', when(contact.createdAt)],
  ];
  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
      <Section id="profile-heading" title="Profile">
        <dl className="grid grid-cols-[10rem_1fr] gap-x-4 gap-y-2 text-sm">
          {profile.map(([label, value]) => (
            <div key={label} className="contents"><dt className="text-gray-500">{label}</dt><dd>{value}</dd></div>
          ))}
        </dl>
      </Section>
      <div className="space-y-6">
        <Section id="channels-heading" title="Phone and consent">
          {!canEdit && <p className="mb-3 text-sm text-gray-500">Only managers can change these.</p>}
          <ContactChannelsForm
            contactId={contact.id}
            canEdit={canEdit}
            saveAction={saveChannelsAction}
            initial={{ phone: contact.phone ?? '', marketingOptIn: contact.marketingOptIn, smsOptIn: contact.smsOptIn, whatsappOptIn: contact.whatsappOptIn, callOptIn: contact.callOptIn }}
          />
        </Section>
        <Section id="tags-heading" title="Tags">
          {contact.tags.length === 0 ? <Empty>No tags.</Empty> : (
            <ul className="flex flex-wrap gap-2" data-testid="contact-tags">
              {contact.tags.map((t) => (
                <li key={t}>
                  <TagLink tag={t} look="badge" />
                </li>
              ))}
            </ul>
          )}
        </Section>
        <Section id="attributes-heading" title="Attributes">
          {attributes.length === 0 ? <Empty>No custom attributes.</Empty> : (
            <dl className="grid grid-cols-[10rem_1fr] gap-x-4 gap-y-2 text-sm" data-testid="contact-attributes">
              {attributes.map(([key, value]) => (
                <div key={key} className="contents"><dt className="text-gray-500">{attributeLabels[key] ?? key}</dt><dd>{String(value)}</dd></div>
              ))}
            </dl>
          )}
        </Section>
      </div>
      <Section id="campaigns-heading" title="Campaigns">
        <DataTable
          rows={contact.recipients}
          columns={[
            { header: 'Campaign', cell: (r) => <Link href={`/campaigns/${r.campaign.id}`} className="text-indigo-600 hover:underline">{r.campaign.name}</Link> },
            { header: 'Campaign status', cell: (r) => r.campaign.status },
            { header: 'Recipient state', cell: (r) => `${r.state.replace(/_/g, ' ')}${r.exclusionReason ? ` (${exclusionReasonLabel(r.exclusionReason)})` : ''}` },
          ]}
          rowKey={(r) => r.campaign.id}
          testId="contact-campaigns"
          caption="Campaigns this contact is in"
          frame="bare"
          empty="Not in any campaign yet."
        />
      </Section>
      <Section id="messages-heading" title="Messages">
        <DataTable
          rows={contact.messages}
          columns={[
            { header: 'Campaign', cell: (m) => <Link href={`/campaigns/${m.campaign.id}`} className="text-indigo-600 hover:underline">{m.campaign.name}</Link> },
            { header: 'Step', cell: (m) => m.stepIndex + 1 },
            { header: 'Status', cell: (m) => <span title={m.failureReason ?? undefined}>{m.status}</span> },
            { header: 'Sent', cell: (m) => when(m.sentAt) },
            { header: 'Opened', cell: (m) => when(m.openedAt) },
            { header: 'Clicked', cell: (m) => when(m.clickedAt) },
          ]}
          rowKey={(m) => m.id}
          testId="contact-messages"
          caption="Messages sent to this contact"
          frame="bare"
          empty="No messages sent to this contact yet."
        />
      </Section>
      <p className="text-sm lg:col-span-2"><Link href="/contacts" className="text-indigo-600 hover:underline">← All contacts</Link></p>
    </div>
  );
}
