'use client';

import { BarChart, Card, DonutChart, Metric, Text } from '@tremor/react';
import type { UseQueryResult } from '@tanstack/react-query';
import { ChartCard } from './chart-card';
import type { Drill } from './contact-drilldown';
import { useFormat } from '@/components/format-provider';
import { DataTable } from '@/components/ui/data-table';
import { formatDuration } from '@/lib/format';
import { failedInWords } from '@/lib/campaigns/failure-words';
import type { CampaignStats, CampaignSummary, FunnelData, IntentsData } from './types';
import { CALL_OUTCOME_WORDS as calls, type StateWords } from './channel-words';

type Q<T> = UseQueryResult<T, Error>;
type OnDrill = (d: Drill) => void;

const STATES = ['pending', 'in_progress', 'completed', 'refused', 'not_reached', 'excluded'] as const;
const OUTCOME_COLORS = { completed: 'emerald', refused: 'rose', no_answer: 'amber', busy: 'sky', failed: 'gray' } as const;
const human = (s: string) => s.replace(/_/g, ' ').replace(/^\w/, (c) => c.toUpperCase());

function Kpi({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId: string }) {
  return (
    <Card className="p-4" data-testid={testId}>
      <Text>{label}</Text>
      <Metric className="text-2xl" data-testid={`${testId}-value`}>{value}</Metric>
      {hint && <Text className="mt-1 text-xs">{hint}</Text>}
    </Card>
  );
}

/** Emails and texts of every channel together. */
function messageTotals(s: CampaignSummary) {
  const t = { sent: 0, delivered: 0, awaitingReport: 0, failed: 0, complained: 0 };
  for (const c of s.messagesByChannel) for (const k of Object.keys(t) as (keyof typeof t)[]) t[k] += c[k];
  return t;
}

/** Headline figures; the answer rate and call durations appear only for campaigns with calls. */
export function CampaignKpis({ summary, stats, words, hasCalls }: { summary?: CampaignSummary; stats?: CampaignStats; words: StateWords; hasCalls: boolean }) {
  const f = useFormat();
  const dash = '—';
  const messages = summary ? messageTotals(summary) : undefined;
  return (
    <div className="grid grid-cols-2 gap-4 md:grid-cols-4" aria-label="Campaign KPIs">
      <Kpi testId="kpi-targeted" label="Targeted" value={summary ? f.number(summary.targeted) : dash} hint={summary ? `${f.number(summary.excluded)} excluded` : undefined} />
      <Kpi testId="kpi-sent" label="Sent" value={summary ? f.number(summary.sent) : dash} hint={summary ? failedInWords(f, summary.failed, summary.bounced) : undefined} />
      <Kpi testId="kpi-send-rate" label="Send rate" value={summary?.sendRate.messagesPerMinute != null ? `${f.number(summary.sendRate.messagesPerMinute)}/min` : dash} hint={summary?.sendRate.messagesPerSecond != null ? `${f.number(summary.sendRate.messagesPerSecond)} per second` : 'Nothing sent yet'} />
      <Kpi testId="kpi-completion" label="Completion time" value={summary ? formatDuration(summary.completion.durationSeconds) : dash} hint={summary?.completion.completedAt ? `Completed ${f.dateTime(summary.completion.completedAt, { withZone: false })}` : 'Not completed yet'} />
      <Kpi testId="kpi-completion-rate" label="Completion rate" value={stats ? f.percent(stats.rates.completion_rate) : dash} hint={stats ? `${f.number(stats.contacts.completed)} of ${f.number(stats.contacts.total)} contacts` : undefined} />
      <Kpi testId="kpi-refusal-rate" label={words.refusalRate} value={stats ? f.percent(stats.rates.refusal_rate) : dash} hint={stats ? `${f.number(stats.contacts.refused)} of ${f.number(stats.contacts.total)} contacts; not reached ${f.percent(stats.rates.not_reached_rate)}` : undefined} />
      {hasCalls ? (
        <>
          <Kpi testId="kpi-answer-rate" label="Answer rate" value={stats ? f.percent(stats.rates.answer_rate) : dash} hint={stats ? `${f.number(stats.call_outcomes.total_attempts)} attempts` : undefined} />
          <Kpi testId="kpi-duration" label="Average call" value={stats ? formatDuration(stats.duration_stats.average_duration_seconds) : dash} hint={stats ? `${formatDuration(stats.duration_stats.total_duration_seconds)} in all` : undefined} />
        </>
      ) : (
        <>
          <Kpi testId="kpi-delivered" label="Delivered" value={messages ? f.number(messages.delivered) : dash} hint={messages ? `${f.number(messages.awaitingReport)} awaiting a delivery report` : undefined} />
          <Kpi testId="kpi-bounced" label="Bounced or failed" value={messages ? f.number(messages.failed) : dash} hint={messages ? `of ${f.number(messages.sent + messages.failed - Math.min(messages.failed, messages.sent))} messages` : undefined} />
        </>
      )}
    </div>
  );
}

/** Buttons beside a chart: the accessible (and testable) way to open the contacts behind each bar. */
function DrillList({ items, onDrill }: { items: { key: string; label: string; value: number; drill: Drill }[]; onDrill: OnDrill }) {
  const f = useFormat();
  return (
    <ul className="mt-3 divide-y divide-gray-100 text-sm">
      {items.map((i) => (
        <li key={i.key}>
          <button type="button" className="flex w-full justify-between px-1 py-1.5 text-left hover:bg-gray-50" onClick={() => onDrill(i.drill)} data-testid={`drill-${i.key}`}>
            <span>{i.label}</span>
            <span className="font-medium">{f.number(i.value)}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

export function ContactStatesPanel({ query, onDrill, words }: { query: Q<CampaignStats>; onDrill: OnDrill; words: StateWords }) {
  const f = useFormat();
  return (
    <ChartCard title="Contacts by state" subtitle="Pending: a step still to come · in progress: being sent or placed right now · completed: every step done" query={query} isEmpty={(d) => d.contacts.total === 0} empty="No recipients yet: the campaign has not been activated." testId="contact-states">
      {(d) => {
        const items = STATES.map((s) => ({ key: `state-${s}`, label: words.state[s], value: d.contacts[s], drill: { title: `Contacts: ${words.state[s].toLowerCase()}`, query: `state=${s}` } }));
        return (
          <>
            <DonutChart className="h-44" data={items.map((i) => ({ name: i.label, value: i.value, state: i.key }))} category="value" index="name" valueFormatter={f.number}
              colors={['gray', 'sky', 'emerald', 'rose', 'amber', 'slate']}
              onValueChange={(v) => { const hit = items.find((i) => i.label === v?.name); if (hit) onDrill(hit.drill); }} />
            <DrillList items={items} onDrill={onDrill} />
          </>
        );
      }}
    </ChartCard>
  );
}

export function OutcomesPanel({ query, onDrill }: { query: Q<CampaignStats>; onDrill: OnDrill }) {
  const f = useFormat();
  return (
    <ChartCard title={calls.outcomesTitle} subtitle={calls.outcomesSubtitle} query={query} isEmpty={(d) => d.call_outcomes.total_attempts === 0} empty="No attempts yet." testId="outcomes">
      {(d) => {
        const items = calls.outcomes.map((o) => ({ key: `outcome-${o}`, label: calls.outcome[o], value: d.call_outcomes[o], drill: { title: `Contacts: ${calls.outcome[o].toLowerCase()}`, query: `outcome=${o}` } }));
        return (
          <>
            <BarChart className="h-44" data={items.map((i) => ({ outcome: i.label, Attempts: i.value }))} index="outcome" categories={['Attempts']} colors={['indigo']} valueFormatter={f.number} allowDecimals={false} showLegend={false} yAxisWidth={64}
              onValueChange={(v) => { const hit = items.find((i) => i.label === v?.outcome); if (hit) onDrill(hit.drill); }} />
            <DrillList items={items} onDrill={onDrill} />
          </>
        );
      }}
    </ChartCard>
  );
}

const MESSAGE_CHANNEL_LABELS: Record<string, string> = { email: 'Email', sms: 'SMS', whatsapp: 'WhatsApp' };
const MESSAGE_BARS = [
  { key: 'delivered', label: 'Delivered', event: 'message_delivered' },
  { key: 'awaitingReport', label: 'Awaiting a delivery report', event: 'message_sent' },
  { key: 'failed', label: 'Bounced or failed', event: 'message_failed' },
  { key: 'complained', label: 'Complained', event: 'message_complained' },
] as const;

/** Emails and texts by what became of them, one group per channel (calls have their own outcomes). */
export function MessagesPanel({ query, onDrill }: { query: Q<CampaignSummary>; onDrill: OnDrill }) {
  const f = useFormat();
  return (
    <ChartCard title="Messages" subtitle="What became of each email and text sent" query={query} isEmpty={(d) => d.messagesByChannel.every((c) => c.sent + c.failed === 0)} empty="No emails or texts sent yet." testId="messages">
      {(d) => (
        <div className="space-y-4">
          {d.messagesByChannel.filter((c) => c.sent + c.failed > 0).map((c) => {
            const label = MESSAGE_CHANNEL_LABELS[c.channel] ?? c.channel;
            const items = MESSAGE_BARS.filter((b) => b.key !== 'complained' || c.channel === 'email').map((b) => ({ key: `${c.channel}-${b.key}`, label: b.label, value: c[b.key], drill: { title: `${label}: ${b.label.toLowerCase()}`, query: `event=${b.event}` } }));
            return (
              <div key={c.channel} data-testid={`messages-${c.channel}`}>
                <h3 className="text-sm font-medium text-gray-700">{label} · {f.number(c.sent)} sent</h3>
                <BarChart className="h-36" data={items.map((i) => ({ outcome: i.label, Messages: i.value }))} index="outcome" categories={['Messages']} colors={['indigo']} valueFormatter={f.number} allowDecimals={false} showLegend={false} yAxisWidth={64} />
                <DrillList items={items} onDrill={onDrill} />
              </div>
            );
          })}
        </div>
      )}
    </ChartCard>
  );
}

export function SeriesPanel({ query, which }: { query: Q<CampaignStats>; which: 'hourly' | 'daily' }) {
  const f = useFormat();
  const pick = (d: CampaignStats) => (which === 'hourly' ? d.time_series_hourly : d.time_series_daily);
  return (
    <ChartCard title={calls.seriesTitle[which]} subtitle={which === 'hourly' ? 'Last 24 hours' : 'Last 30 days'} query={query} isEmpty={(d) => pick(d).every((p) => p.total_attempts === 0)} empty="No attempts in this window." testId={`series-${which}`}>
      {(d) => (
        <BarChart className="h-56" stack
          data={pick(d).map((p) => ({ label: f.bucket(p.timestamp, which === 'hourly' ? 'hour' : 'day'), ...Object.fromEntries(calls.outcomes.map((o) => [calls.outcome[o], p[o]])) }))}
          index="label" categories={calls.outcomes.map((o) => calls.outcome[o])} colors={calls.outcomes.map((o) => OUTCOME_COLORS[o])} valueFormatter={f.number} allowDecimals={false} yAxisWidth={64} />
      )}
    </ChartCard>
  );
}

export function FunnelPanel({ query, onDrill }: { query: Q<FunnelData>; onDrill: OnDrill }) {
  const f = useFormat();
  return (
    <ChartCard title="Funnels" subtitle="Each step with its conversion from the previous one" query={query} skeleton="list" isEmpty={(d) => d.funnels.every((fn) => fn.steps[0]?.count === 0)} empty="No journey steps or emails yet." testId="funnel">
      {(d) => (
        <div className="space-y-5">
          {d.funnels.filter((fn) => fn.steps.some((s) => s.count > 0)).map((fn) => (
            <div key={fn.channel}>
              <h3 className="mb-2 text-sm font-medium text-gray-700">{fn.name}</h3>
              <ol className="space-y-1.5">
                {fn.steps.map((s, i) => (
                  <li key={s.key}>
                    <button type="button" className="w-full text-left" data-testid={`funnel-${fn.channel}-${s.key}`}
                      onClick={() => onDrill({ title: `${fn.name}: ${s.label}`, query: `event=${s.event.eventType}${s.event.label ? `&label=${encodeURIComponent(s.event.label)}` : ''}` })}>
                      <div className="flex justify-between text-xs text-gray-600">
                        <span>{s.label}</span>
                        <span>{f.number(s.count)}{i > 0 && ` · ${f.percent(s.conversionFromPrevious)} of previous`}</span>
                      </div>
                      <div className="mt-0.5 h-3 rounded bg-gray-100">
                        <div className="h-3 rounded bg-indigo-500" style={{ width: `${Math.min(100, s.conversionFromFirst)}%` }} />
                      </div>
                    </button>
                  </li>
                ))}
              </ol>
            </div>
          ))}
        </div>
      )}
    </ChartCard>
  );
}

export function IntentsPanel({ query, onDrill }: { query: Q<IntentsData>; onDrill: OnDrill }) {
  const f = useFormat();
  return (
    <ChartCard title="Intents" subtitle="Detected in conversations" query={query} isEmpty={(d) => d.total === 0} empty="No intents detected yet." testId="intents">
      {(d) => {
        const items = d.intents.map((i) => ({ key: `intent-${i.label}`, label: `${human(i.label)} (${f.percent(i.share)})`, value: i.count, drill: { title: `Intent: ${human(i.label)}`, query: `event=intent_detected&label=${encodeURIComponent(i.label)}` } }));
        return (
          <>
            <DonutChart className="h-40" data={d.intents.map((i) => ({ name: human(i.label), value: i.count }))} category="value" index="name" valueFormatter={f.number} colors={['emerald', 'rose', 'amber', 'sky', 'gray', 'violet']} />
            <DrillList items={items} onDrill={onDrill} />
          </>
        );
      }}
    </ChartCard>
  );
}

export function FailuresPanel({ query }: { query: Q<CampaignSummary> }) {
  const f = useFormat();
  return (
    <ChartCard title="Failure reasons" subtitle="Delivery attempts that did not succeed, and bounces" query={query} skeleton="list" isEmpty={(d) => d.failureReasons.length === 0} empty="No failed delivery attempts or bounces." testId="failure-reasons">
      {(d) => (
        <DataTable
          rows={d.failureReasons}
          columns={[
            { header: 'Reason', className: 'max-w-xs truncate', cell: (r) => <span title={r.reason}>{r.reason}</span> },
            { header: 'Count', align: 'right', cell: (r) => f.number(r.count) },
          ]}
          rowKey={(r) => r.reason}
          caption="Failure reasons"
          frame="bare"
        />
      )}
    </ChartCard>
  );
}

export function QrPanel({ query }: { query: Q<CampaignSummary> }) {
  const f = useFormat();
  return (
    <ChartCard title="QR codes" query={query} skeleton="list" isEmpty={(d) => d.qrCodes.generated === 0} empty="No QR codes generated for this campaign." testId="qr-codes">
      {(d) => (
        <dl className="grid grid-cols-2 gap-4 text-sm">
          {([['Generated', f.number(d.qrCodes.generated)], ['Scanned', `${f.number(d.qrCodes.scanned)} (${f.number(d.qrCodes.totalScans)} scans)`], ['Redeemed', f.number(d.qrCodes.redeemed)], ['Redemption rate', f.percent(d.qrCodes.redemptionRate)]] as const).map(([k, v]) => (
            <div key={k}><dt className="text-gray-500">{k}</dt><dd className="text-lg font-semibold">{v}</dd></div>
          ))}
        </dl>
      )}
    </ChartCard>
  );
}
