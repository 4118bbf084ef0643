'use client';

import { useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { useQuery } from '@tanstack/react-query';
import { ActionMessage, FormField, fieldErrorId } from '@/components/ui/form-field';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { useUnsavedChangesGuard } from '@/components/ui/use-unsaved-changes';
import { useFormat } from '@/components/format-provider';
import { OptionFind, useOptionFilter } from '@/components/ui/option-filter';
import { formatWait, type Formatter } from '@/lib/format';
import { CHANNEL_LABELS, TEMPLATE_CHANNELS, sendNoun, sendsInWords, templateChannelOf, templateContent } from '@/lib/channels/content';
import { SendTimeSuggestionPanel, useSendTimeSuggestion } from '@/components/campaigns/send-time-suggestion';
import { dueAtFor } from '@/lib/campaigns/schedule';
import type { ActionState } from '@/lib/http/action';
import type { CampaignBuilderOptions } from '@/lib/campaigns/builder-options';

export interface BuilderValues {
  name: string;
  description: string;
  segmentId: string;
  contentKind: 'template' | 'flow';
  flowId: string;
  templateId: string;
  startDate: string;
  startTimeOfDay: string;
  timeZone: string;
  useRecipientTimeZone: boolean;
  sendRateLimit: string;
  quietHours: 'workspace' | 'off' | 'custom';
  quietHoursStart: string;
  quietHoursEnd: string;
  cappedSends: 'defer' | 'skip';
  holdoutPercent: string;
}

type SaveStep = (id: string | null, step: string, values: unknown) => Promise<ActionState<{ id: string; warnings: string[] }>>;
type ChangeStatus = (id: string, status: string) => Promise<ActionState<{ status: string }>>;

interface Props {
  options: CampaignBuilderOptions;
  campaignId: string | null;
  initial: BuilderValues;
  /** How far a loaded draft already got (0 = audience). */
  reached: number;
  saveStep: SaveStep;
  changeStatus: ChangeStatus;
}

const STEPS = ['Audience', 'Content', 'Schedule', 'Review'] as const;
const STEP_KEYS = ['audience', 'content', 'schedule'] as const;

/** The fields each step owns. */
const STEP_FIELDS: (keyof BuilderValues)[][] = [
  ['name', 'description', 'segmentId'],
  ['contentKind', 'flowId', 'templateId'],
  ['startDate', 'startTimeOfDay', 'timeZone', 'useRecipientTimeZone', 'sendRateLimit', 'quietHours', 'quietHoursStart', 'quietHoursEnd', 'cappedSends', 'holdoutPercent'],
];

/** The slice of the form each step saves. */
function sliceOf(step: number, v: BuilderValues): unknown {
  if (step === 0) return { name: v.name, description: v.description, segmentId: v.segmentId };
  if (step === 1) return v.contentKind === 'flow' ? { flowId: v.flowId, templateId: null } : { templateId: v.templateId, flowId: null };
  const quiet = v.quietHours === 'custom' ? { quietHoursStart: v.quietHoursStart, quietHoursEnd: v.quietHoursEnd } : { quietHoursStart: null, quietHoursEnd: null };
  return {
    startDate: v.startDate,
    startTimeOfDay: v.startTimeOfDay,
    timeZone: v.timeZone,
    useRecipientTimeZone: v.useRecipientTimeZone,
    sendRateLimit: v.sendRateLimit,
    quietHours: v.quietHours,
    ...quiet,
    cappedSends: v.cappedSends,
    holdoutPercent: v.holdoutPercent,
  };
}

/** The live audience of a saved segment, from the segment preview API. */
function useSegmentCount(segment: { id: string; criteria: unknown } | undefined) {
  return useQuery({
    queryKey: ['segment-preview', segment?.id],
    enabled: Boolean(segment),
    queryFn: async () => {
      const res = await fetch('/api/segments/preview', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ criteria: segment!.criteria }) });
      if (!res.ok) throw new Error(`preview ${res.status}`);
      return ((await res.json()) as { count: number }).count;
    },
  });
}

function firstSendPreview(v: BuilderValues, f: Formatter): { text: string; past: boolean } | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v.startDate) || !/^\d{2}:\d{2}$/.test(v.startTimeOfDay)) return null;
  try {
    const now = new Date();
    const at = dueAtFor(v.startDate, v.startTimeOfDay, v.timeZone, 0, now);
    return { text: f.dateTime(at, { timeZone: v.timeZone }), past: at.getTime() === now.getTime() };
  } catch {
    return null;
  }
}

export function CampaignBuilder({ options, campaignId, initial, reached, saveStep, changeStatus }: Props) {
  const router = useRouter();
  const [id, setId] = useState(campaignId);
  const [step, setStep] = useState(Math.min(reached, 3));
  const [furthest, setFurthest] = useState(reached);
  const [v, setValues] = useState(initial);
  // What the server holds for each saved step: anything else on screen is unsaved and leaving asks first.
  const [saved, setSaved] = useState(initial);
  const [state, setState] = useState<ActionState>(null);
  const [warnings, setWarnings] = useState<string[]>([]);
  const [pending, start] = useTransition();
  const fe = state && !state.ok ? state.fieldErrors : undefined;
  const set = <K extends keyof BuilderValues>(key: K, value: BuilderValues[K]) => setValues((old) => ({ ...old, [key]: value }));
  /** Ties a control to the messages its FormField shows, so they are read out with it. */
  const invalid = (id: string, errors: string[] | undefined) => ({ 'aria-invalid': Boolean(errors?.length), 'aria-describedby': errors?.length ? fieldErrorId(id) : undefined });

  const segment = options.segments.find((s) => s.id === v.segmentId);
  const count = useSegmentCount(segment);
  const flow = options.flows.find((f) => f.id === v.flowId);
  const template = options.templates.find((t) => t.id === v.templateId);
  // Long pickers get a find box: a workspace may have hundreds of segments, templates and flows.
  const segmentFind = useOptionFilter(options.segments, (s) => s.name, v.segmentId);
  const templateFind = useOptionFilter(options.templates, (t) => `${t.name} ${t.subject ?? ''}`, v.templateId);
  const flowFind = useOptionFilter(options.flows, (fl) => fl.name, v.flowId);
  // What the chosen content sends, in the words its channels use ("texts", "calls").
  const noun = v.contentKind === 'flow' ? sendNoun(flow ? TEMPLATE_CHANNELS.filter((c) => flow.sends[c] > 0) : []) : sendNoun(template ? [templateChannelOf(template.channel)] : []);
  const f = useFormat();
  const preview = firstSendPreview(v, f);
  const unsaved = STEP_KEYS.some((_, i) => JSON.stringify(sliceOf(i, v)) !== JSON.stringify(sliceOf(i, saved)));
  useUnsavedChangesGuard(unsaved);
  const suggestion = useSendTimeSuggestion(step === 2 ? v.segmentId : '', v.timeZone);

  const saveAndContinue = () =>
    start(async () => {
      const result = await saveStep(id, STEP_KEYS[step], sliceOf(step, v));
      setState(result);
      if (!result?.ok || !result.data) return;
      setWarnings(result.data.warnings);
      setSaved((old) => ({ ...old, ...Object.fromEntries(STEP_FIELDS[step].map((k) => [k, v[k]])) }));
      if (!id) {
        setId(result.data.id);
        router.replace(`/campaigns/new?id=${result.data.id}`, { scroll: false });
      }
      setFurthest((f) => Math.max(f, step + 1));
      setStep(step + 1);
    });

  const activate = () =>
    start(async () => {
      const result = await changeStatus(id!, 'active');
      setState(result);
      if (result?.ok) router.push(`/campaigns/${id}`);
    });

  return (
    <div className="space-y-6">
      <ol className="flex flex-wrap gap-2" aria-label="Builder steps">
        {STEPS.map((label, i) => (
          <li key={label}>
            <button
              type="button"
              disabled={i > furthest || pending}
              aria-current={i === step ? 'step' : undefined}
              onClick={() => { setState(null); setStep(i); }}
              className={`rounded-full px-3 py-1 text-sm font-medium ${i === step ? 'bg-indigo-600 text-white' : i <= furthest ? 'bg-indigo-50 text-indigo-700 hover:bg-indigo-100' : 'bg-gray-100 text-gray-400'}`}
            >
              {i + 1}. {label}
            </button>
          </li>
        ))}
      </ol>

      <section className="card space-y-4" aria-labelledby="builder-step-title">
        <h2 id="builder-step-title" className="text-lg font-semibold">{STEPS[step]}</h2>

        {step === 0 && (
          <>
            <FormField id="campaign-name" label="Campaign name" errors={fe?.name}>
              <input id="campaign-name" className="input" value={v.name} onChange={(e) => set('name', e.target.value)} {...invalid('campaign-name', fe?.name)} maxLength={120} />
            </FormField>
            <FormField id="campaign-description" label="Description (optional)" errors={fe?.description}>
              <textarea id="campaign-description" className="input" rows={2} value={v.description} onChange={(e) => set('description', e.target.value)} {...invalid('campaign-description', fe?.description)} />
            </FormField>
            <FormField id="campaign-segment" label="Segment" errors={fe?.segmentId} hint={options.segments.length ? undefined : 'Create a segment first.'}>
              <OptionFind id="campaign-segment-find" label="Find a segment" filter={segmentFind} />
              <select id="campaign-segment" className="input" value={v.segmentId} onChange={(e) => set('segmentId', e.target.value)} {...invalid('campaign-segment', fe?.segmentId)}>
                <option value="">Choose a segment…</option>
                {segmentFind.visible.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
              </select>
            </FormField>
            {segment && (
              <p className="text-sm text-gray-600" data-testid="segment-count" aria-live="polite">
                <span className="font-medium">{segment.name}</span>
                {count.isPending ? ' · counting…' : count.isError ? '' : ` · ${f.number(count.data ?? 0)} contacts match right now`}
                {segment.description ? <span className="block text-xs text-gray-500">{segment.description}</span> : null}
              </p>
            )}
          </>
        )}

        {step === 1 && (
          <>
            <fieldset className="flex gap-6">
              <legend className="label">Send</legend>
              <label className="flex items-center gap-2 text-sm">
                <input type="radio" name="content-kind" checked={v.contentKind === 'template'} onChange={() => set('contentKind', 'template')} /> One template
              </label>
              <label className="flex items-center gap-2 text-sm">
                <input type="radio" name="content-kind" checked={v.contentKind === 'flow'} onChange={() => set('contentKind', 'flow')} /> A flow of steps
              </label>
            </fieldset>
            {v.contentKind === 'template' ? (
              <FormField id="campaign-template" label="Template" errors={fe?.templateId}>
                <OptionFind id="campaign-template-find" label="Find a template" filter={templateFind} />
                <select id="campaign-template" className="input" value={v.templateId} onChange={(e) => set('templateId', e.target.value)} {...invalid('campaign-template', fe?.templateId)}>
                  <option value="">Choose a template…</option>
                  {templateFind.visible.map((t) => <option key={t.id} value={t.id}>{t.name} — {t.subject || CHANNEL_LABELS[templateChannelOf(t.channel)]}</option>)}
                </select>
              </FormField>
            ) : (
              <FormField id="campaign-flow" label="Flow" errors={fe?.flowId ?? fe?.templateId}>
                <OptionFind id="campaign-flow-find" label="Find a flow" filter={flowFind} />
                <select id="campaign-flow" className="input" value={v.flowId} onChange={(e) => set('flowId', e.target.value)} {...invalid('campaign-flow', fe?.flowId ?? fe?.templateId)}>
                  <option value="">Choose a flow…</option>
                  {flowFind.visible.map((fl) => (
                    <option key={fl.id} value={fl.id}>{fl.name} — {sendsInWords(fl.sends, f.count) || 'nothing to send'}{fl.totalWaitHours ? ` over ${formatWait(Math.floor(fl.totalWaitHours / 24), fl.totalWaitHours % 24)}` : ''}</option>
                  ))}
                </select>
              </FormField>
            )}
          </>
        )}

        {step === 2 && (
          <>
            <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
              <FormField id="campaign-start-date" label="Start date" errors={fe?.startDate}>
                <input id="campaign-start-date" type="date" className="input" value={v.startDate} onChange={(e) => set('startDate', e.target.value)} {...invalid('campaign-start-date', fe?.startDate)} />
              </FormField>
              <FormField id="campaign-start-time" label="Time of day" errors={fe?.startTimeOfDay}>
                <input id="campaign-start-time" type="time" className="input" value={v.startTimeOfDay} onChange={(e) => set('startTimeOfDay', e.target.value)} {...invalid('campaign-start-time', fe?.startTimeOfDay)} />
              </FormField>
              <FormField id="campaign-time-zone" label="Time zone" errors={fe?.timeZone}>
                <select id="campaign-time-zone" className="input" value={v.timeZone} onChange={(e) => set('timeZone', e.target.value)} {...invalid('campaign-time-zone', fe?.timeZone)}>
                  {options.timeZones.map((z) => <option key={z} value={z}>{z}</option>)}
                </select>
              </FormField>
            </div>
            <SendTimeSuggestionPanel query={suggestion} onUse={(date, time) => setValues((old) => ({ ...old, startDate: date, startTimeOfDay: time }))} />
            <label className="flex items-start gap-2 text-sm">
              <input type="checkbox" className="mt-1" checked={v.useRecipientTimeZone} onChange={(e) => set('useRecipientTimeZone', e.target.checked)} />
              <span>
                Send at this time in each recipient&apos;s own time zone
                <span className="block text-xs text-gray-500">Recipients without a time zone get the campaign&apos;s.</span>
              </span>
            </label>
            <FormField id="campaign-rate" label="Send rate limit (messages and calls per second, optional)" errors={fe?.sendRateLimit} hint="1 to 10,000; empty sends as fast as delivery allows.">
              <input id="campaign-rate" type="number" min={1} max={10000} className="input md:w-48" value={v.sendRateLimit} onChange={(e) => set('sendRateLimit', e.target.value)} {...invalid('campaign-rate', fe?.sendRateLimit)} />
            </FormField>
            <fieldset className="space-y-3 rounded-md border border-gray-200 p-4" aria-describedby="engagement-hint">
              <legend className="label px-1">Audience protection</legend>
              <p id="engagement-hint" className="text-xs text-gray-500">
                Workspace quiet hours{options.engagement.quietHours ? ` are ${options.engagement.quietHours}` : ' are not set'}; frequency caps: {options.engagement.caps || 'none'} (Settings → Engagement).
              </p>
              <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
                <FormField id="campaign-quiet-hours" label="Quiet hours" errors={fe?.quietHours}>
                  <select id="campaign-quiet-hours" className="input" value={v.quietHours} onChange={(e) => set('quietHours', e.target.value as BuilderValues['quietHours'])}>
                    <option value="workspace">The workspace&apos;s</option>
                    <option value="custom">This campaign&apos;s own</option>
                    <option value="off">None for this campaign</option>
                  </select>
                </FormField>
                {v.quietHours === 'custom' && (
                  <>
                    <FormField id="campaign-quiet-start" label="Quiet from (recipient’s time)" errors={fe?.quietHoursStart}>
                      <input id="campaign-quiet-start" type="time" className="input" value={v.quietHoursStart} onChange={(e) => set('quietHoursStart', e.target.value)} {...invalid('campaign-quiet-start', fe?.quietHoursStart)} />
                    </FormField>
                    <FormField id="campaign-quiet-end" label="Quiet until" errors={fe?.quietHoursEnd}>
                      <input id="campaign-quiet-end" type="time" className="input" value={v.quietHoursEnd} onChange={(e) => set('quietHoursEnd', e.target.value)} {...invalid('campaign-quiet-end', fe?.quietHoursEnd)} />
                    </FormField>
                  </>
                )}
              </div>
              <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
                <FormField id="campaign-capped" label="When a frequency cap is reached" errors={fe?.cappedSends}>
                  <select id="campaign-capped" className="input" value={v.cappedSends} onChange={(e) => set('cappedSends', e.target.value as BuilderValues['cappedSends'])}>
                    <option value="defer">Send later, once there is room</option>
                    <option value="skip">Skip that {noun.one}</option>
                  </select>
                </FormField>
                <FormField id="campaign-holdout" label="Holdout group (% of the audience)" errors={fe?.holdoutPercent} hint="Receives nothing, to measure lift against. 0 to 50.">
                  <input id="campaign-holdout" type="number" min={0} max={50} className="input md:w-32" value={v.holdoutPercent} onChange={(e) => set('holdoutPercent', e.target.value)} {...invalid('campaign-holdout', fe?.holdoutPercent)} />
                </FormField>
              </div>
            </fieldset>
            {preview && (
              <p className="text-sm text-gray-600" data-testid="first-send-preview">
                {preview.past ? `The start has passed: the first ${noun.one} goes out as soon as the campaign is activated.` : `First ${noun.one}: ${preview.text}`}
              </p>
            )}
          </>
        )}

        {step === 3 && (
          <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm md:grid-cols-2" data-testid="campaign-review">
            <div><dt className="text-gray-500">Name</dt><dd className="font-medium">{v.name}</dd></div>
            <div><dt className="text-gray-500">Audience</dt><dd className="font-medium">{segment?.name ?? '—'}{count.data !== undefined ? ` (${f.number(count.data)} now)` : ''}</dd></div>
            <div><dt className="text-gray-500">Content</dt><dd className="font-medium">{v.contentKind === 'flow' ? `Flow: ${flow?.name ?? '—'}` : template ? templateContent(template) : 'Template: —'}</dd></div>
            <div><dt className="text-gray-500">Starts</dt><dd className="font-medium">{preview ? (preview.past ? 'As soon as activated' : preview.text) : '—'}{v.useRecipientTimeZone ? ', in each recipient’s zone' : ''}</dd></div>
            <div><dt className="text-gray-500">Rate limit</dt><dd className="font-medium">{v.sendRateLimit ? `${v.sendRateLimit} / second` : 'None'}</dd></div>
            <div>
              <dt className="text-gray-500">Quiet hours</dt>
              <dd className="font-medium">{v.quietHours === 'off' ? 'None' : v.quietHours === 'custom' ? `${v.quietHoursStart}–${v.quietHoursEnd}, recipient’s time` : (options.engagement.quietHours ?? 'None (workspace has none)')}</dd>
            </div>
            <div><dt className="text-gray-500">Holdout</dt><dd className="font-medium">{Number(v.holdoutPercent) > 0 ? `${v.holdoutPercent}% receive nothing` : 'None'}; capped {noun.other} are {v.cappedSends === 'skip' ? 'skipped' : 'sent later'}</dd></div>
            <div className="md:col-span-2 text-gray-500">Activating freezes the audience: contacts without marketing opt-in, unsubscribed or suppressed are excluded and counted.</div>
          </dl>
        )}

        {warnings.map((w) => <p key={w} role="status" className="text-sm text-amber-700">{w}</p>)}
        <ActionMessage state={state && !state.ok ? state : null} />

        <div className="flex justify-between border-t border-gray-100 pt-4">
          <button type="button" className="btn-secondary" disabled={step === 0 || pending} onClick={() => { setState(null); setStep(step - 1); }}>Back</button>
          {step < 3 ? (
            <button type="button" className="btn-primary" disabled={pending} onClick={saveAndContinue} data-testid="builder-next">
              {pending ? 'Saving…' : 'Save and continue'}
            </button>
          ) : (
            <div className="flex gap-2">
              <button type="button" className="btn-secondary" disabled={pending} onClick={() => router.push(`/campaigns/${id}`)}>Keep as draft</button>
              <ConfirmButton label={pending ? 'Activating…' : 'Activate'} title="Activate this campaign?" confirmLabel="Activate now" disabled={pending} onConfirm={activate} testId="builder-activate">
                The audience is frozen now and {noun.other} are scheduled. You can pause or complete the campaign later, but not edit it.
              </ConfirmButton>
            </div>
          )}
        </div>
      </section>
    </div>
  );
}
