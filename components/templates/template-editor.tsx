'use client';

import { useRouter } from 'next/navigation';
import { useMemo, useState, useTransition } from 'react';
import { ContactPicker, type PickedContact } from '@/components/templates/contact-picker';
import { TemplatePreview, TemplateWarnings } from '@/components/templates/template-preview';
import { useTemplatePreview } from '@/components/templates/use-template-preview';
import { EMPTY_CALL, callContentInput, callFormOf, textBodyOf, type CallForm } from '@/components/templates/phone-content-form';
import { CallFields, CallPreview, TextBodyField, TextPreview } from '@/components/templates/phone-fields';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { ActionMessage, FormField } from '@/components/ui/form-field';
import { CHANNEL_LABELS, TEMPLATE_CHANNELS, type TemplateChannel } from '@/lib/channels/content';
import type { ActionState } from '@/lib/http/action';
import { describeIssue, type TemplateWarning } from '@/lib/templates/issues';

/** A template as the pages hand it to the editor: an email's fields, or a text's or call's stored `content`. */
export interface EditorTemplate {
  id: string | null;
  name: string;
  channel: TemplateChannel;
  subject: string;
  preheader: string;
  htmlBody: string;
  textBody: string;
  content: unknown;
}

/** What the form edits: the template's own fields, with a text's body and a call's script as fields of their own. */
export type TemplateFormValues = Omit<EditorTemplate, 'id' | 'content'> & {
  /** An SMS's or WhatsApp message's text. */
  body: string;
  call: CallForm;
};

const formValuesOf = (t: EditorTemplate): TemplateFormValues => ({
  name: t.name,
  channel: t.channel,
  subject: t.subject,
  preheader: t.preheader,
  htmlBody: t.htmlBody,
  textBody: t.textBody,
  body: t.channel === 'sms' || t.channel === 'whatsapp' ? textBodyOf(t.content) : '',
  call: t.channel === 'call' ? callFormOf(t.content) : EMPTY_CALL,
});

/** What `saveTemplateAction` takes for the chosen channel. */
function inputOf(v: TemplateFormValues) {
  if (v.channel === 'email') return { name: v.name, channel: v.channel, subject: v.subject, preheader: v.preheader, htmlBody: v.htmlBody, textBody: v.textBody };
  if (v.channel === 'call') return { name: v.name, channel: v.channel, content: callContentInput(v.call) };
  return { name: v.name, channel: v.channel, content: { body: v.body } };
}

const CHANNEL_HINTS: Record<TemplateChannel, string> = {
  email: 'Subject, HTML and text bodies.',
  sms: 'A text message, counted in segments.',
  whatsapp: 'A WhatsApp message.',
  call: 'A script read aloud, with questions answered by keys or speech.',
};

interface Props {
  template: EditorTemplate;
  canEdit: boolean;
  saveAction: (id: string | null, input: unknown) => Promise<ActionState<{ id: string; warnings: TemplateWarning[] }>>;
  deleteAction: (id: string) => Promise<ActionState>;
  sendTestAction: (id: string, input: unknown) => Promise<ActionState<{ transport: 'smtp' | 'sink' }>>;
}

const sameValues = (a: TemplateFormValues, b: TemplateFormValues) => JSON.stringify(inputOf(a)) === JSON.stringify(inputOf(b));

/** Edits a template with a live preview for a chosen contact, syntax errors beside each field, save and test send. */
export function TemplateEditor({ template, canEdit, saveAction, deleteAction, sendTestAction }: Props) {
  const router = useRouter();
  const { id } = template;
  const [values, setValues] = useState<TemplateFormValues>(() => formValuesOf(template));
  const [saved, setSaved] = useState<TemplateFormValues>(values);
  const [contact, setContact] = useState<PickedContact | null>(null);
  const [state, setState] = useState<ActionState>(null);
  const [testTo, setTestTo] = useState('');
  const [testState, setTestState] = useState<ActionState<{ transport: 'smtp' | 'sink' }>>(null);
  const [pending, start] = useTransition();

  const { channel } = values;
  const isText = channel === 'sms' || channel === 'whatsapp';
  // Texts render through the email preview as a text part written out: the same engine and variables.
  const preview = useTemplatePreview(
    isText
      ? { subject: 'Text message', preheader: '', htmlBody: values.body, textBody: values.body, contactId: contact?.id ?? null }
      : { subject: values.subject, preheader: values.preheader, htmlBody: values.htmlBody, textBody: values.textBody, contactId: contact?.id ?? null },
    { enabled: channel === 'email' || (isText && values.body.trim() !== '') },
  );
  const dirty = !sameValues(values, saved);
  const textIssue = isText ? preview.error?.issues.find((i) => i.field === 'textBody') : undefined;

  // Syntax issues from the live preview and field errors from the last save, merged per field.
  const errors = useMemo(() => {
    const out: Record<string, string[]> = {};
    const add = (field: string, message: string) => {
      const list = (out[field] ??= []);
      if (!list.includes(message)) list.push(message);
    };
    if (channel === 'email') {
      for (const issue of preview.error?.issues ?? []) add(issue.field, describeIssue(issue));
      for (const [field, messages] of Object.entries(preview.error?.fieldErrors ?? {})) messages.forEach((m) => add(field, m));
    } else if (textIssue) add('content.body', describeIssue(textIssue));
    if (state && !state.ok) for (const [field, messages] of Object.entries(state.fieldErrors ?? {})) messages.forEach((m) => add(field, m));
    return out;
  }, [preview.error, state, channel, textIssue]);
  const warnings = preview.error || channel === 'call' || (isText && !values.body.trim()) ? [] : (preview.data?.warnings ?? []).filter((w) => channel === 'email' || w.field === 'textBody');
  const warningsOf = (field: string) => warnings.filter((w) => w.field === field).map((w) => `Line ${w.line}, column ${w.column}: unknown variable "${w.variable}"`);

  const update = (patch: Partial<TemplateFormValues>) => {
    setState(null);
    setValues((v) => ({ ...v, ...patch }));
  };
  const set = (field: 'name' | 'subject' | 'preheader' | 'htmlBody' | 'textBody') => (e: { target: { value: string } }) => update({ [field]: e.target.value });

  const save = () =>
    start(async () => {
      const result = await saveAction(id, inputOf(values));
      setState(result);
      if (!result?.ok) return;
      setSaved(values);
      if (id === null && result.data) router.push(`/templates/${result.data.id}`);
      else router.refresh();
    });

  const remove = () =>
    start(async () => {
      if (!id) return;
      const result = await deleteAction(id);
      setState(result);
      if (result?.ok) router.push('/templates');
    });

  const sendTest = () =>
    start(async () => {
      if (!id) return;
      const result = await sendTestAction(id, { to: testTo, contactId: contact?.id ?? null });
      setTestState(result?.ok ? { ok: true, data: result.data, message: result.data?.transport === 'sink' ? `Sent to ${testTo}: see the Outbox (no SMTP server is configured).` : `Sent to ${testTo}.` } : result);
    });

  const field = (name: keyof TemplateFormValues) => ({ errors: errors[name], invalid: Boolean(errors[name]?.length), warn: warningsOf(name) });
  const html = field('htmlBody');

  return (
    <div className="grid grid-cols-1 gap-6 xl:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
      <form
        className="min-w-0 space-y-4"
        method="post"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (canEdit) save();
        }}
      >
        <fieldset disabled={!canEdit || pending} className="card space-y-4">
          <legend className="sr-only">Template</legend>
          <FormField id="template-name" label="Name" errors={errors.name}>
            <input id="template-name" className="input" value={values.name} maxLength={120} onChange={set('name')} aria-invalid={Boolean(errors.name)} />
          </FormField>
          {id === null ? (
            <fieldset>
              <legend className="label">Channel</legend>
              <div className="grid grid-cols-2 gap-2 sm:grid-cols-4" data-testid="template-channel">
                {TEMPLATE_CHANNELS.map((c) => (
                  <div key={c} className={`rounded-md border p-2 text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-indigo-500 ${channel === c ? 'border-indigo-500 bg-indigo-50' : 'border-gray-300'}`}>
                    <label className="flex cursor-pointer items-center gap-2 font-medium">
                      <input type="radio" name="template-channel" value={c} checked={channel === c} onChange={() => update({ channel: c })} aria-describedby={`template-channel-${c}-hint`} />
                      {CHANNEL_LABELS[c]}
                    </label>
                    <p id={`template-channel-${c}-hint`} className="mt-0.5 text-xs text-gray-500">{CHANNEL_HINTS[c]}</p>
                  </div>
                ))}
              </div>
              <p className="mt-1 text-xs text-gray-500">The channel is fixed once the template is saved.</p>
              {errors.channel && <p className="field-error">{errors.channel[0]}</p>}
            </fieldset>
          ) : (
            <p className="text-sm"><span className="text-gray-500">Channel:</span> <span className="font-medium" data-testid="template-channel">{CHANNEL_LABELS[channel]}</span></p>
          )}
          {isText && <TextBodyField channel={channel} body={values.body} onChange={(body) => update({ body })} errors={errors} warnings={warnings.map((w) => `Line ${w.line}, column ${w.column}: unknown variable "${w.variable}"`)} />}
          {channel === 'call' && <CallFields call={values.call} onChange={(call) => update({ call })} errors={errors} />}
          {channel === 'email' && (['subject', 'preheader'] as const).map((name) => {
            const f = field(name);
            return (
              <FormField key={name} id={`template-${name}`} label={name === 'subject' ? 'Subject' : 'Preheader (optional)'} errors={f.errors} hint={name === 'preheader' ? 'The line inbox apps show after the subject.' : undefined}>
                <input id={`template-${name}`} className="input font-mono" value={values[name]} maxLength={300} onChange={set(name)} aria-invalid={f.invalid} />
                <FieldWarnings id={`template-${name}`} warnings={f.warn} />
              </FormField>
            );
          })}
          {channel === 'email' && (
          <>
          <FormField id="template-html" label="HTML body" errors={html.errors} hint="Use {{ first_name }}, {{ plan }} or {{ attributes.plan }}, fallbacks like {{ first_name | default: &quot;there&quot; }}, and {{ unsubscribe_url }}, {{ view_in_browser_url }}, {{ qr_code }}.">
            <textarea id="template-html" className="input h-96 font-mono text-xs" spellCheck={false} value={values.htmlBody} onChange={set('htmlBody')} aria-invalid={html.invalid} />
            <FieldWarnings id="template-html" warnings={html.warn} />
          </FormField>
          <FormField id="template-text" label="Text body (optional)" errors={errors.textBody} hint="Leave empty to derive it from the HTML: tags stripped, links kept as “text (url)”.">
            <textarea id="template-text" className="input h-40 font-mono text-xs" spellCheck={false} value={values.textBody} onChange={set('textBody')} aria-invalid={Boolean(errors.textBody)} />
            <FieldWarnings id="template-text" warnings={field('textBody').warn} />
          </FormField>
          </>
          )}
          {canEdit && (
            <div className="flex flex-wrap items-center gap-3">
              <button type="submit" className="btn-primary" disabled={pending || (!dirty && id !== null)}>{pending ? 'Saving…' : 'Save'}</button>
              {id && (
                <ConfirmButton label="Delete" tone="danger" title={`Delete "${saved.name}"?`} confirmLabel="Delete template" onConfirm={remove} disabled={pending}>
                  Flows and running campaigns that use it keep it from being deleted.
                </ConfirmButton>
              )}
              {dirty && id && <span className="text-xs text-amber-700">Unsaved changes</span>}
              <ActionMessage state={state} />
            </div>
          )}
        </fieldset>

        {canEdit && channel === 'email' && (
          <section className="card space-y-2" aria-labelledby="test-heading">
            <h2 id="test-heading" className="text-base font-semibold">Send a test</h2>
            <p className="text-sm text-gray-500">{id ? 'Sends the saved version, rendered for the contact chosen for the preview.' : 'Save the template first.'}</p>
            <div className="flex gap-2">
              <label htmlFor="test-to" className="sr-only">Test address</label>
              <input id="test-to" type="email" className="input" placeholder="you@example.com" value={testTo} onChange={(e) => setTestTo(e.target.value)} disabled={!id || pending} aria-invalid={Boolean(testState && !testState.ok && testState.fieldErrors?.to)} />
              <button type="button" className="btn-secondary whitespace-nowrap" disabled={!id || pending || !testTo.trim()} onClick={sendTest}>Send test</button>
            </div>
            {testState && !testState.ok && testState.fieldErrors?.to ? <p className="field-error">{testState.fieldErrors.to[0]}</p> : <ActionMessage state={testState} />}
            {dirty && id && <p className="text-xs text-amber-700">You have unsaved changes; the test uses the saved version.</p>}
          </section>
        )}
      </form>

      <div className="min-w-0 space-y-4 xl:sticky xl:top-4 xl:self-start">
        {channel !== 'call' && (
          <div className="card">
            <ContactPicker value={contact} onChange={setContact} />
          </div>
        )}
        {channel === 'email' && (
          <>
            <TemplateWarnings warnings={warnings} />
            <TemplatePreview preview={preview.lastGood} stale={preview.isFetching} problem={preview.error ? preview.error.message : null} />
          </>
        )}
        {isText && (
          <TextPreview
            text={values.body.trim() ? preview.lastGood?.text : undefined}
            stale={preview.isFetching}
            problem={values.body.trim() && preview.error ? (textIssue ? `The message does not parse: ${describeIssue(textIssue)}` : preview.error.message) : null}
            to={contact ? contact.email : 'the sample contact'}
          />
        )}
        {channel === 'call' && <CallPreview call={values.call} />}
      </div>
    </div>
  );
}

function FieldWarnings({ id, warnings }: { id: string; warnings: string[] }) {
  if (warnings.length === 0) return null;
  return (
    <ul id={`${id}-warnings`} className="mt-1 space-y-0.5 text-xs text-amber-700">
      {warnings.map((w) => <li key={w}>{w}</li>)}
    </ul>
  );
}
