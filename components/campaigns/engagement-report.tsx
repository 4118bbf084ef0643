'use client';

import { useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { ContactDrilldown, type Drill } from '@/components/analytics/contact-drilldown';
import { useFormat } from '@/components/format-provider';
import { DateTime } from '@/components/ui/formatted';
import { ActionMessage } from '@/components/ui/form-field';
import type { ActionState } from '@/lib/http/action';
import { WAITING_REASONS, type Control } from '@/lib/engagement/control-words';

interface Variant {
  variant: number;
  label: string;
  templateName: string;
  delayMinutes: number;
  sent: number;
  successes: number;
  rate: number;
  test: { difference: number; lift: number | null; pValue: number; ci: [number, number] } | null;
}

export interface ExperimentView {
  stepIndex: number;
  metric: string;
  conversionEvent: string | null;
  testPercent: number;
  decideAt: string;
  winner: string | null;
  decidedAt: string | null;
  decidedBy: string | null;
  variants: Variant[];
}

interface Props {
  campaignId: string;
  canEdit: boolean;
  counts: Record<string, number>;
  waiting: { control: Control; contacts: number; nextAt: string | null }[];
  holdoutPercent: number;
  lift: { eventType: string; treated: { contacts: number; converted: number; rate: number }; holdout: { contacts: number; converted: number; rate: number }; test: Variant['test'] } | null;
  liftEvents: readonly string[];
  experiments: ExperimentView[];
  chooseWinner: (campaignId: string, stepIndex: number, variant: string) => Promise<ActionState>;
}

const METRIC_LABEL: Record<string, string> = { opens: 'opened', clicks: 'clicked', conversions: 'converted' };

/** What the engagement controls did to this campaign: waiting sends, caps, A/B tests with their significance, holdout lift. */
export function EngagementReport({ campaignId, canEdit, counts, waiting, holdoutPercent, lift, liftEvents, experiments, chooseWinner }: Props) {
  const f = useFormat();
  const router = useRouter();
  const [drill, setDrill] = useState<Drill | null>(null);
  const [state, setState] = useState<ActionState>(null);
  const [pending, start] = useTransition();
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const pts = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} pts`;
  const n = (key: string) => counts[key] ?? 0;
  const cards = [
    { label: 'Held for quiet hours', value: n('quiet_hours.deferred'), control: 'quiet_hours' },
    { label: 'Deferred by a frequency cap', value: n('frequency_cap.deferred'), control: 'frequency_cap' },
    { label: 'Skipped by a frequency cap', value: n('frequency_cap.skipped'), control: 'frequency_cap' },
    { label: 'In an A/B test', value: n('variant'), control: 'variant' },
    ...(holdoutPercent > 0 ? [{ label: `Holdout (${holdoutPercent}%)`, value: lift?.holdout.contacts ?? 0, control: 'holdout' }] : []),
  ];
  const choose = (stepIndex: number, variant: string) =>
    start(async () => {
      const result = await chooseWinner(campaignId, stepIndex, variant);
      setState(result);
      router.refresh();
    });

  return (
    <section className="card space-y-4" aria-labelledby="engagement-heading" data-testid="engagement-report">
      <h2 id="engagement-heading" className="text-lg font-semibold">Engagement controls</h2>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-5">
        {cards.map((c) => (
          <button key={c.label} type="button" className="rounded-md border border-gray-200 p-3 text-left hover:border-indigo-300 disabled:cursor-default disabled:hover:border-gray-200" disabled={c.value === 0} onClick={() => setDrill({ title: c.label, query: `control=${c.control}` })}>
            <span className="block text-xs text-gray-500">{c.label}</span>
            <span className="text-xl font-semibold">{f.number(c.value)}</span>
            <span className="block text-xs text-gray-400">contacts</span>
          </button>
        ))}
      </div>
      {waiting.length > 0 && (
        <ul className="space-y-1 text-sm" data-testid="engagement-waiting">
          {waiting.map((w) => (
            <li key={w.control}>{f.number(w.contacts)} recipients waiting {WAITING_REASONS[w.control]}{w.nextAt ? <>; the first goes at <DateTime value={w.nextAt} /></> : null}.</li>
          ))}
        </ul>
      )}

      {experiments.map((e) => (
        <div key={e.stepIndex} className="space-y-2" data-testid="ab-test-report">
          <h3 className="font-medium">
            A/B test on email {e.stepIndex + 1}: {e.testPercent}% test group, winner by {e.metric === 'conversions' ? `conversions (${e.conversionEvent})` : e.metric}
          </h3>
          <p className="text-sm text-gray-600" data-testid="ab-test-status">
            {e.winner ? (
              <>Winner: <strong>variant {e.winner}</strong>, chosen {e.decidedBy === 'auto' ? 'automatically' : 'by hand'} at <DateTime value={e.decidedAt} />; the rest of the audience gets it.</>
            ) : (
              <>Test running: the winner is chosen at <DateTime value={e.decideAt} />, then sent to the rest.</>
            )}
          </p>
          <div className="overflow-x-auto">
            <table className="table">
              <thead>
                <tr><th>Variant</th><th>Template</th><th className="text-right">Sent</th><th className="text-right">{METRIC_LABEL[e.metric] ?? e.metric}</th><th className="text-right">Rate</th><th className="text-right">vs A</th><th className="text-right">p-value</th><th className="text-right">95% CI of the difference</th>{canEdit && <th />}</tr>
              </thead>
              <tbody>
                {e.variants.map((v) => (
                  <tr key={v.label} className={e.winner === v.label ? 'bg-green-50' : undefined}>
                    <td className="font-medium">{v.label}{e.winner === v.label ? ' ★' : ''}</td>
                    <td>{v.templateName}{v.delayMinutes ? ` (+${v.delayMinutes} min)` : ''}</td>
                    <td className="text-right">{f.number(v.sent)}</td>
                    <td className="text-right">{f.number(v.successes)}</td>
                    <td className="text-right">{pct(v.rate)}</td>
                    <td className="text-right">{v.test ? `${pts(v.test.difference)}${v.test.lift !== null ? ` (${v.test.lift >= 0 ? '+' : ''}${(v.test.lift * 100).toFixed(0)}%)` : ''}` : '—'}</td>
                    <td className="text-right">{v.test ? (v.test.pValue < 0.001 ? '< 0.001' : v.test.pValue.toFixed(3)) : '—'}</td>
                    <td className="text-right">{v.test ? `${pts(v.test.ci[0])} to ${pts(v.test.ci[1])}` : '—'}</td>
                    {canEdit && (
                      <td className="text-right">
                        {e.winner !== v.label && <button type="button" className="btn-secondary px-2 py-0.5 text-xs" disabled={pending} onClick={() => choose(e.stepIndex, v.label)}>Make {v.label} the winner</button>}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="text-xs text-gray-500">Two-sided two-proportion z-test of each variant against A; a p-value under 0.05 is a significant difference.</p>
        </div>
      ))}
      <ActionMessage state={state} />

      {holdoutPercent > 0 && (
        <div className="space-y-2" data-testid="holdout-lift">
          <h3 className="font-medium">Lift against the holdout</h3>
          <form className="flex flex-wrap items-end gap-2 text-sm" method="get">
            <label>Conversion event{' '}
              <select name="liftEvent" className="input w-64" defaultValue={lift?.eventType}>
                {liftEvents.map((e) => <option key={e} value={e}>{e}</option>)}
              </select>
            </label>
            <button type="submit" className="btn-secondary">Show lift</button>
          </form>
          {lift && (
            <p className="text-sm">
              Reached: {pct(lift.treated.rate)} converted ({f.number(lift.treated.converted)} of {f.number(lift.treated.contacts)}) · Holdout: {pct(lift.holdout.rate)} ({f.number(lift.holdout.converted)} of {f.number(lift.holdout.contacts)})
              {lift.test ? ` · lift ${pts(lift.test.difference)}, p ${lift.test.pValue < 0.001 ? '< 0.001' : `= ${lift.test.pValue.toFixed(3)}`}, 95% CI ${pts(lift.test.ci[0])} to ${pts(lift.test.ci[1])}` : ''}
            </p>
          )}
        </div>
      )}
      <ContactDrilldown campaignId={campaignId} drill={drill} onClose={() => setDrill(null)} />
    </section>
  );
}
