'use client';

import { useState, useTransition } from 'react';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { ActionMessage, FormField } from '@/components/ui/form-field';
import { useUnsavedChangesGuard } from '@/components/ui/use-unsaved-changes';
import { formatWait } from '@/lib/format';
import type { ActionState } from '@/lib/http/action';
import { AbTestEditor, type EditorAbTest } from '@/components/flows/ab-test-editor';
import { CallPolicyFields } from '@/components/flows/call-policy-fields';
import { CHANNEL_LABELS, CHANNEL_OF_STEP_TYPE, STEP_TYPE_OF_CHANNEL, TEMPLATE_CHANNELS, type CallPolicy, type SendStepType, type TemplateChannel } from '@/lib/channels/content';

export interface EditorStep {
  id: string;
  type: SendStepType | 'WAIT';
  templateId: string | null;
  waitDays: number;
  waitHours: number;
  abTest: EditorAbTest | null;
  callPolicy: CallPolicy | null;
}

const STEP_TITLES: Record<SendStepType, string> = { SEND_EMAIL: 'Send email', SEND_SMS: 'Send SMS', SEND_WHATSAPP: 'Send WhatsApp message', PLACE_CALL: 'Place a call' };

export interface FlowEditorActions {
  saveDetails: (flowId: string, values: unknown) => Promise<ActionState>;
  addStep: (flowId: string, step: unknown, at?: number) => Promise<ActionState>;
  updateStep: (flowId: string, stepId: string, step: unknown) => Promise<ActionState>;
  moveStep: (flowId: string, stepId: string, toIndex: number) => Promise<ActionState>;
  removeStep: (flowId: string, stepId: string) => Promise<ActionState>;
  copyFlow: (flowId: string) => Promise<ActionState>;
  deleteFlow: (flowId: string) => Promise<ActionState>;
}

interface Props {
  flow: { id: string; name: string; description: string | null; steps: EditorStep[] };
  templates: { id: string; name: string; subject: string; channel: string }[];
  /** Event types an A/B test may count as conversions. */
  conversionEvents: readonly string[];
  lockedBy: { id: string; name: string; status: string }[];
  canEdit: boolean;
  actions: FlowEditorActions;
}

/** Minutes after the first email at which each step happens (waits are wall-clock time). */
function offsets(steps: EditorStep[]): number[] {
  let at = 0;
  return steps.map((s) => {
    const here = at;
    if (s.type === 'WAIT') at += s.waitDays * 1440 + s.waitHours * 60;
    return here;
  });
}

type WaitDraft = { days: string; hours: string };

/** A wait's days and hours as typed; the editor keeps the draft, so a change shows as unsaved until it is saved. */
function WaitFields({ step, draft, disabled, onChange, onSave }: { step: EditorStep; draft: WaitDraft | undefined; disabled: boolean; onChange: (d: WaitDraft) => void; onSave: (days: number, hours: number) => void }) {
  const days = draft?.days ?? String(step.waitDays);
  const hours = draft?.hours ?? String(step.waitHours);
  const setDays = (v: string) => onChange({ days: v, hours });
  const setHours = (v: string) => onChange({ days, hours: v });
  const changed = days !== String(step.waitDays) || hours !== String(step.waitHours);
  return (
    <div className="flex flex-wrap items-end gap-2">
      <label className="text-sm">Days <input type="number" min={0} max={365} className="input w-24" value={days} disabled={disabled} onChange={(e) => setDays(e.target.value)} aria-label="Days to wait" /></label>
      <label className="text-sm">Hours <input type="number" min={0} max={23} className="input w-24" value={hours} disabled={disabled} onChange={(e) => setHours(e.target.value)} aria-label="Hours to wait" /></label>
      {changed && <button type="button" className="btn-secondary" disabled={disabled} onClick={() => onSave(Number(days), Number(hours))}>Save wait</button>}
      {changed && <span className="text-xs text-amber-700" data-testid="unsaved-wait">Not saved yet</span>}
    </div>
  );
}

export function FlowEditor({ flow, templates, conversionEvents, lockedBy, canEdit, actions }: Props) {
  const [state, setState] = useState<ActionState>(null);
  const [errorStep, setErrorStep] = useState<string | null>(null);
  const [name, setName] = useState(flow.name);
  const [description, setDescription] = useState(flow.description ?? '');
  const [waitDrafts, setWaitDrafts] = useState<Record<string, WaitDraft>>({});
  const [pending, start] = useTransition();
  const locked = lockedBy.length > 0;
  const detailsChanged = name !== flow.name || description !== (flow.description ?? '');
  // Drafts are keyed by the wait's place among the waits: adding or moving an email renumbers step ids, not waits.
  const waitKey = (stepId: string) => `wait-${flow.steps.filter((x) => x.type === 'WAIT').findIndex((x) => x.id === stepId)}`;
  const waitsChanged = flow.steps.some((s) => {
    const d = waitDrafts[waitKey(s.id)];
    return s.type === 'WAIT' && d !== undefined && (d.days !== String(s.waitDays) || d.hours !== String(s.waitHours));
  });
  useUnsavedChangesGuard(canEdit && !locked && (detailsChanged || waitsChanged));
  const disabled = !canEdit || locked || pending;
  const at = offsets(flow.steps);
  const fe = state && !state.ok ? state.fieldErrors : undefined;

  const run = (stepKey: string | null, fn: () => Promise<ActionState>) =>
    start(async () => {
      setErrorStep(stepKey);
      setState(await fn());
    });
  const templatesOf = (channel: TemplateChannel) => templates.filter((t) => t.channel === channel);
  const add = (type: SendStepType | 'WAIT', index: number) =>
    run('new', () => actions.addStep(flow.id, type === 'WAIT' ? { type, waitDays: 1, waitHours: 0 } : { type, templateId: templatesOf(CHANNEL_OF_STEP_TYPE[type])[0]?.id }, index));

  const adders = (index: number) =>
    canEdit && !locked ? (
      <div className="flex gap-2 py-1 pl-10">
        {TEMPLATE_CHANNELS.map((channel) => {
          const none = templatesOf(channel).length === 0;
          return (
            <button key={channel} type="button" className="text-xs font-medium text-indigo-700 hover:underline disabled:opacity-40" disabled={disabled || none} onClick={() => add(STEP_TYPE_OF_CHANNEL[channel], index)} title={none ? `Create ${channel === 'email' ? 'an email' : `a ${CHANNEL_LABELS[channel]}`} template first` : undefined}>
              + {channel === 'call' ? 'Call' : CHANNEL_LABELS[channel]}
            </button>
          );
        })}
        <button type="button" className="text-xs font-medium text-indigo-700 hover:underline disabled:opacity-40" disabled={disabled} onClick={() => add('WAIT', index)}>+ Wait</button>
      </div>
    ) : null;

  return (
    <div className="space-y-6">
      {locked && (
        <div role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
          This flow is used by {lockedBy.map((c) => `“${c.name}” (${c.status})`).join(', ')}, so it cannot change while that runs. Copy it to make changes.
        </div>
      )}

      <section className="card grid grid-cols-1 gap-3 md:grid-cols-3 md:items-end" aria-label="Flow details">
        <FormField id="flow-name" label="Name" errors={errorStep === 'details' ? fe?.name : undefined}>
          <input id="flow-name" className="input" value={name} disabled={disabled} onChange={(e) => setName(e.target.value)} />
        </FormField>
        <FormField id="flow-description" label="Description" errors={errorStep === 'details' ? fe?.description : undefined}>
          <input id="flow-description" className="input" value={description} disabled={disabled} onChange={(e) => setDescription(e.target.value)} />
        </FormField>
        <div>
          {canEdit && !locked && (
            <button type="button" className="btn-secondary" disabled={disabled || !detailsChanged} onClick={() => run('details', () => actions.saveDetails(flow.id, { name, description }))}>
              Save details
            </button>
          )}
        </div>
      </section>

      <section className="card" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading" className="mb-3 text-lg font-semibold">Steps</h2>
        {flow.steps.length === 0 && <p className="mb-2 text-sm text-gray-500">No steps yet: add an email, a text or a call to start.</p>}
        {adders(0)}
        <ol className="relative border-l-2 border-indigo-100 pl-0" data-testid="flow-timeline">
          {flow.steps.map((s, i) => (
            <li key={s.id} className="mb-1 ml-4" data-testid="flow-step">
              <span className={`absolute -left-[9px] mt-3 h-4 w-4 rounded-full border-2 border-white ${s.type === 'WAIT' ? 'bg-gray-300' : 'bg-indigo-500'}`} aria-hidden />
              <div className="rounded-md border border-gray-200 bg-white p-3">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <div className="text-sm font-medium">
                    {i + 1}. {s.type === 'WAIT' ? `Wait ${formatWait(s.waitDays, s.waitHours)}` : STEP_TITLES[s.type]}
                    <span className="ml-2 text-xs font-normal text-gray-500">{at[i] === 0 ? 'at the start' : `after ${formatWait(Math.floor(at[i] / 1440), Math.floor((at[i] % 1440) / 60))}`}</span>
                  </div>
                  {canEdit && !locked && (
                    <div className="flex gap-1">
                      <button type="button" className="btn-secondary px-2 py-0.5" aria-label={`Move step ${i + 1} up`} disabled={disabled || i === 0} onClick={() => run(s.id, () => actions.moveStep(flow.id, s.id, i - 1))}>↑</button>
                      <button type="button" className="btn-secondary px-2 py-0.5" aria-label={`Move step ${i + 1} down`} disabled={disabled || i === flow.steps.length - 1} onClick={() => run(s.id, () => actions.moveStep(flow.id, s.id, i + 1))}>↓</button>
                      <button type="button" className="btn-secondary px-2 py-0.5 text-red-600" aria-label={`Remove step ${i + 1}`} disabled={disabled} onClick={() => { if (confirm(`Remove step ${i + 1}?`)) run(s.id, () => actions.removeStep(flow.id, s.id)); }}>✕</button>
                    </div>
                  )}
                </div>
                <div className="mt-2">
                  {s.type === 'SEND_EMAIL' ? (
                    <>
                      <select className="input" aria-label={`Template of step ${i + 1}`} value={s.templateId ?? ''} disabled={disabled} onChange={(e) => run(s.id, () => actions.updateStep(flow.id, s.id, { type: 'SEND_EMAIL', templateId: e.target.value, abTest: s.abTest }))}>
                        {templatesOf('email').map((t) => <option key={t.id} value={t.id}>{t.name} — {t.subject}</option>)}
                      </select>
                      {(canEdit || s.abTest) && (
                        <AbTestEditor key={JSON.stringify(s.abTest)} stepNumber={i + 1} test={s.abTest} templates={templatesOf('email')} conversionEvents={conversionEvents} disabled={disabled}
                          onSave={(abTest) => run(s.id, () => actions.updateStep(flow.id, s.id, { type: 'SEND_EMAIL', templateId: s.templateId, abTest }))} />
                      )}
                    </>
                  ) : s.type !== 'WAIT' ? (
                    <>
                      <select className="input" aria-label={`Template of step ${i + 1}`} value={s.templateId ?? ''} disabled={disabled}
                        onChange={(e) => run(s.id, () => actions.updateStep(flow.id, s.id, { type: s.type, templateId: e.target.value, ...(s.type === 'PLACE_CALL' ? { callPolicy: s.callPolicy } : {}) }))}>
                        {templatesOf(CHANNEL_OF_STEP_TYPE[s.type]).map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
                      </select>
                      {s.type === 'PLACE_CALL' && s.callPolicy && (
                        <CallPolicyFields key={JSON.stringify(s.callPolicy)} stepNumber={i + 1} policy={s.callPolicy} disabled={disabled || !canEdit}
                          onSave={(callPolicy) => run(s.id, () => actions.updateStep(flow.id, s.id, { type: 'PLACE_CALL', templateId: s.templateId, callPolicy }))} />
                      )}
                    </>
                  ) : (
                    <WaitFields step={s} draft={waitDrafts[waitKey(s.id)]} disabled={disabled} onChange={(d) => setWaitDrafts((old) => ({ ...old, [waitKey(s.id)]: d }))}
                      onSave={(waitDays, waitHours) => run(s.id, () => actions.updateStep(flow.id, s.id, { type: 'WAIT', waitDays, waitHours }))} />
                  )}
                  {errorStep === s.id && fe && Object.values(fe).flat().map((m) => <p key={m} className="field-error">{m}</p>)}
                </div>
              </div>
              {adders(i + 1)}
            </li>
          ))}
        </ol>
        <div className="mt-2"><ActionMessage state={state} /></div>
      </section>

      {canEdit && (
        <div className="flex gap-2">
          <button type="button" className="btn-secondary" disabled={pending} onClick={() => run(null, () => actions.copyFlow(flow.id))}>Copy flow</button>
          {!locked && (
            <ConfirmButton label="Delete flow" tone="danger" title="Delete this flow?" disabled={pending} onConfirm={() => run(null, () => actions.deleteFlow(flow.id))}>
              Draft and finished campaigns that used it keep going without it.
            </ConfirmButton>
          )}
        </div>
      )}
    </div>
  );
}
