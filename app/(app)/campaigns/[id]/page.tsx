import Link from 'next/link';
import { PageHeader } from '@/components/ui/page-header';
import { TotalsCards } from '@/components/overview/totals-cards';
import { StatusBadge } from '@/components/campaigns/status-badge';
import { StatusActions } from '@/components/campaigns/status-actions';
import { ScheduleTable } from '@/components/campaigns/schedule-table';
import { StatusHistory } from '@/components/campaigns/status-history';
import { DateTime } from '@/components/ui/formatted';
import { requirePageRole } from '@/lib/auth/context';
import { CAN_EDIT, CAN_READ } from '@/lib/auth/roles';
import { requestFormatter } from '@/lib/format-request';
import { orNotFound } from '@/lib/http/page';
import { parseId } from '@/lib/http/ids';
import { campaignStatusHistory, getCampaign, recipientBreakdown } from '@/lib/campaigns/queries';
import { exclusionReasonLabel } from '@/lib/campaigns/exclusion-reasons';
import { stepProgress, stepState, stepStateLabels } from '@/lib/campaigns/progress';
import { failedInWords } from '@/lib/campaigns/failure-words';
import { transitionOptions } from '@/lib/campaigns/transitions';
import { templateOptions } from '@/lib/templates/lookup';
import { sendNoun, templateChannelOf, templateContent } from '@/lib/channels/content';
import { controlCounts, WAITING_REASONS } from '@/lib/engagement/controls';
import { changeCampaignStatusAction, deleteCampaignAction } from '../actions';

export const metadata = { title: 'Campaign' };

export default async function CampaignPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageRole(CAN_READ);
  const { id: rawId } = await params;
  // A malformed id and another workspace's campaign both render the not-found page.
  const campaign = await orNotFound(() => getCampaign(actor.workspaceId, parseId(rawId, 'Campaign')));
  const id = campaign.id;
  const [history, breakdown, templates, progress, f, controls] = await Promise.all([
    campaignStatusHistory(actor.workspaceId, id),
    recipientBreakdown(actor.workspaceId, id),
    templateOptions(actor.workspaceId),
    stepProgress(actor.workspaceId, id),
    requestFormatter(),
    controlCounts(id),
  ]);
  const progressOf = new Map(progress.map((p) => [`${p.stepIndex}|${p.timeZone}`, p]));
  const sent = progress.reduce((n, p) => n + p.sent, 0);
  const failed = progress.reduce((n, p) => n + p.failed, 0);
  const bounced = progress.reduce((n, p) => n + p.bounced, 0);
  const stillToCome = (breakdown.byState.pending ?? 0) + (breakdown.byState.in_progress ?? 0);
  const now = new Date();
  const templateName = new Map(templates.map((t) => [t.id, t.name]));
  const channelOf = new Map(templates.map((t) => [t.id, templateChannelOf(t.channel)]));
  const contentIds = campaign.schedule.length ? campaign.schedule.map((s) => s.templateId) : campaign.templateId ? [campaign.templateId] : [];
  // What this campaign sends, in its channels' words: "Texts sent", "Calls placed", "Messages sent" for a mix.
  const noun = sendNoun(contentIds.flatMap((t) => channelOf.get(t) ?? []));
  const Noun = noun.other[0]!.toUpperCase() + noun.other.slice(1);
  const canEdit = CAN_EDIT.includes(actor.role);
  const exclusions = Object.entries(breakdown.exclusions).map(([reason, n]) => `${exclusionReasonLabel(reason)}: ${f.number(n)}`).join(' · ');

  return (
    <>
      <PageHeader
        title={campaign.name}
        description={campaign.description ?? undefined}
        actions={
          <div className="flex flex-wrap items-start gap-2">
            {campaign.status !== 'draft' && <Link className="btn-secondary" href={`/campaigns/${campaign.id}/dashboard`}>Analytics dashboard</Link>}
            {canEdit && <StatusActions campaignId={campaign.id} status={campaign.status} options={transitionOptions(campaign.status)} changeStatus={changeCampaignStatusAction} deleteDraft={deleteCampaignAction} />}
          </div>
        }
      />
      <div className="space-y-6">
        <section className="card" aria-label="Summary">
          <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm md:grid-cols-3">
            <div><dt className="text-gray-500">Status</dt><dd><StatusBadge status={campaign.status} /></dd></div>
            <div><dt className="text-gray-500">Audience</dt><dd className="font-medium">{campaign.segment.name}</dd></div>
            <div>
              <dt className="text-gray-500">Content</dt>
              <dd className="font-medium">
                {campaign.flow ? <Link className="text-indigo-700 hover:underline" href={`/flows/${campaign.flow.id}`}>Flow: {campaign.flow.name}</Link> : campaign.template ? templateContent({ name: campaign.template.name, channel: channelOf.get(campaign.template.id) }) : 'Not chosen yet'}
              </dd>
            </div>
            <div><dt className="text-gray-500">Start</dt><dd className="font-medium">{campaign.startDate ? `${campaign.startDate} ${campaign.startTimeOfDay} (${campaign.timeZone})` : 'Not set'}</dd></div>
            <div><dt className="text-gray-500">Time zones</dt><dd className="font-medium">{campaign.useRecipientTimeZone ? 'Each recipient’s own' : 'The campaign’s'}</dd></div>
            <div><dt className="text-gray-500">Rate limit</dt><dd className="font-medium">{campaign.sendRateLimit ? `${f.number(campaign.sendRateLimit)} / second` : 'None'}</dd></div>
            <div>
              <dt className="text-gray-500">Quiet hours</dt>
              <dd className="font-medium">{campaign.quietHours === 'off' ? 'None' : campaign.quietHours === 'custom' ? `${campaign.quietHoursStart}–${campaign.quietHoursEnd}, recipient’s time` : 'The workspace’s'}</dd>
            </div>
            <div><dt className="text-gray-500">Holdout · capped {noun.other}</dt><dd className="font-medium">{campaign.holdoutPercent ? `${campaign.holdoutPercent}%` : 'None'} · {campaign.cappedSends === 'skip' ? 'skipped' : 'sent later'}</dd></div>
            {campaign.activatedAt && <div><dt className="text-gray-500">Activated</dt><dd className="font-medium"><DateTime value={campaign.activatedAt} timeZone={campaign.timeZone} /></dd></div>}
            {campaign.completedAt && <div><dt className="text-gray-500">Completed</dt><dd className="font-medium"><DateTime value={campaign.completedAt} timeZone={campaign.timeZone} /></dd></div>}
          </dl>
        </section>

        {campaign.status !== 'draft' && (
          <>
            <TotalsCards
              items={[
                { label: 'Targeted', value: campaign.targetedCount, hint: `${f.number(campaign.excludedCount)} excluded${exclusions ? ` (${exclusions})` : ''}` },
                { label: 'Recipients', value: campaign.targetedCount - campaign.excludedCount, hint: stillToCome ? `${f.number(stillToCome)} with ${noun.other} still to come` : 'Every recipient has been processed' },
                { label: `${Noun} ${noun.done}`, key: 'sent', value: sent, hint: failedInWords(f, failed, bounced) },
                { label: `${Noun} scheduled`, key: 'scheduled', value: campaign.scheduledCount, hint: 'at activation: one per recipient and send step' },
              ]}
            />
            <section className="card overflow-x-auto" aria-labelledby="schedule-heading">
              <h2 id="schedule-heading" className="mb-3 text-lg font-semibold">Schedule</h2>
              {controls.waiting.length > 0 && (
                <ul className="mb-3 space-y-1 rounded-md bg-amber-50 p-3 text-sm text-amber-900" data-testid="schedule-waiting">
                  {controls.waiting.map((w) => (
                    <li key={w.control}>
                      {f.number(w.contacts)} recipients are waiting {WAITING_REASONS[w.control]}
                      {w.nextAt ? <>; the first goes at <DateTime value={w.nextAt} timeZone={campaign.timeZone} /></> : null}.
                    </li>
                  ))}
                </ul>
              )}
              <ScheduleTable
                rows={campaign.schedule.map((s) => {
                  const p = progressOf.get(`${s.stepIndex}|${s.timeZone}`) ?? { sent: 0, failed: 0, bounced: 0, pending: 0 };
                  return {
                    id: s.id,
                    stepIndex: s.stepIndex,
                    templateName: templateName.get(s.templateId) ?? 'Deleted template',
                    timeZone: s.timeZone,
                    offsetMinutes: s.offsetMinutes,
                    dueAt: s.dueAt.toISOString(),
                    sent: p.sent,
                    failed: p.failed,
                    bounced: p.bounced,
                    pending: p.pending,
                    stateLabel: stepStateLabels[stepState(s, p, now)],
                  };
                })}
              />
            </section>
          </>
        )}

        <section className="card overflow-x-auto" aria-labelledby="history-heading">
          <h2 id="history-heading" className="mb-3 text-lg font-semibold">Status history</h2>
          <StatusHistory rows={history.map((h) => ({ ...h, createdAt: h.createdAt.toISOString() }))} />
        </section>
      </div>
    </>
  );
}
