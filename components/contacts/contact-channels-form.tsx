'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { ActionMessage, FormField, fieldErrorId } from '@/components/ui/form-field';
import type { ActionState } from '@/lib/http/action';

export interface ContactChannels {
  phone: string;
  marketingOptIn: boolean;
  smsOptIn: boolean;
  whatsappOptIn: boolean;
  callOptIn: boolean;
}

type Consent = Exclude<keyof ContactChannels, 'phone'>;

const CONSENT_LABELS: Record<Consent, string> = {
  marketingOptIn: 'Email marketing',
  smsOptIn: 'SMS',
  whatsappOptIn: 'WhatsApp',
  callOptIn: 'Phone calls',
};
const PHONE_CONSENTS: Consent[] = ['smsOptIn', 'whatsappOptIn', 'callOptIn'];
const PHONE_HINT = 'E.164: + then country code and number, e.g. +447700900123 (spaces and dashes are dropped).';

/** Edits a contact's phone number and consent per channel; a refused save keeps what was typed. */
export function ContactChannelsForm({ contactId, initial, canEdit, saveAction }: { contactId: string; initial: ContactChannels; canEdit: boolean; saveAction: (id: string, input: unknown) => Promise<ActionState<{ phone: string | null }>> }) {
  const router = useRouter();
  const [values, setValues] = useState(initial);
  const [state, setState] = useState<ActionState>(null);
  const [pending, start] = useTransition();
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  const set = (patch: Partial<ContactChannels>) => {
    setState(null);
    setValues((v) => ({ ...v, ...patch }));
  };
  const save = () =>
    start(async () => {
      const result = await saveAction(contactId, values);
      setState(result);
      if (!result?.ok) return;
      // Show the number as stored (spaces and dashes dropped).
      if (result.data) setValues((v) => ({ ...v, phone: result.data!.phone ?? '' }));
      router.refresh();
    });
  const needsPhone = !values.phone.trim() && PHONE_CONSENTS.some((c) => values[c]);

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (canEdit) save();
      }}
    >
      <fieldset disabled={!canEdit || pending} className="space-y-4">
        <legend className="sr-only">Phone and consent</legend>
        <FormField id="contact-phone" label="Phone" errors={errors.phone} hint={PHONE_HINT}>
          <input
            id="contact-phone"
            className="input font-mono"
            type="tel"
            autoComplete="off"
            placeholder="+447700900123"
            value={values.phone}
            maxLength={40}
            onChange={(e) => set({ phone: e.target.value })}
            aria-invalid={Boolean(errors.phone)}
            aria-describedby={errors.phone ? fieldErrorId('contact-phone') : undefined}
          />
        </FormField>
        <fieldset>
          <legend className="label">Consents to</legend>
          <div className="grid grid-cols-2 gap-2">
            {(Object.keys(CONSENT_LABELS) as Consent[]).map((c) => (
              <label key={c} className="flex items-center gap-2 text-sm">
                <input type="checkbox" checked={values[c]} onChange={(e) => set({ [c]: e.target.checked })} />
                {CONSENT_LABELS[c]}
                {errors[c] && <span className="field-error">{errors[c][0]}</span>}
              </label>
            ))}
          </div>
          {needsPhone && <p className="mt-1 text-xs text-amber-700">Texts and calls go only to contacts with a phone number.</p>}
        </fieldset>
        {canEdit && (
          <div className="flex flex-wrap items-center gap-3">
            <button type="submit" className="btn-primary">{pending ? 'Saving…' : 'Save'}</button>
            <ActionMessage state={state} />
          </div>
        )}
      </fieldset>
    </form>
  );
}
