import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { contactChannelsSchema } from '@/lib/contacts/schema';
import { updateContactChannels } from '@/lib/contacts/service';
import { HttpError } from '@/lib/http/errors';
import { createWorkspace } from '../helpers/factory';

describe('a contact\'s phone and consents from the contact page', () => {
  it('normalises the phone, sets each consent, stamps email opt-in once, and refuses another workspace\'s contact', async () => {
    const [{ workspace }, other] = await Promise.all([createWorkspace('channels'), createWorkspace('channels other')]);
    const contact = await db.contact.create({ data: { workspaceId: workspace.id, email: 'cara@example.test', firstName: 'Cara' } });

    expect(contactChannelsSchema.safeParse({ phone: '07700 900123' }).error?.issues[0]).toMatchObject({ path: ['phone'], message: 'Use E.164 format, e.g. +447700900123' });

    await updateContactChannels(workspace.id, contact.id, contactChannelsSchema.parse({ phone: '+44 7700-900123', marketingOptIn: true, smsOptIn: true, whatsappOptIn: false, callOptIn: true }));
    const saved = await db.contact.findUniqueOrThrow({ where: { id: contact.id } });
    expect(saved).toMatchObject({ phone: '+447700900123', marketingOptIn: true, smsOptIn: true, whatsappOptIn: false, callOptIn: true, firstName: 'Cara' });
    expect(saved.optInAt).toBeInstanceOf(Date);

    await updateContactChannels(workspace.id, contact.id, contactChannelsSchema.parse({ phone: '', smsOptIn: false }));
    const cleared = await db.contact.findUniqueOrThrow({ where: { id: contact.id } });
    expect(cleared).toMatchObject({ phone: null, smsOptIn: false, callOptIn: true, marketingOptIn: true, optInAt: saved.optInAt });

    await expect(updateContactChannels(other.workspace.id, contact.id, { smsOptIn: true })).rejects.toBeInstanceOf(HttpError);
    expect(await db.contact.count({ where: { workspaceId: other.workspace.id } })).toBe(0);
  });
});
