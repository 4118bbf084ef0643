import { redirect } from 'next/navigation';
import { PageHeader } from '@/components/ui/page-header';
import { CampaignBuilder, type BuilderValues } from '@/components/campaigns/campaign-builder';
import { requirePageRole } from '@/lib/auth/context';
import { CAN_EDIT } from '@/lib/auth/roles';
import { firstValues, orNotFound } from '@/lib/http/page';
import { parseId } from '@/lib/http/ids';
import { campaignBuilderOptions } from '@/lib/campaigns/builder-options';
import { getCampaign } from '@/lib/campaigns/queries';
import { changeCampaignStatusAction, saveCampaignStepAction } from '../actions';

export const metadata = { title: 'New campaign' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function NewCampaignPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requirePageRole(CAN_EDIT);
  const { id } = firstValues(await searchParams);
  const options = await campaignBuilderOptions(actor.workspaceId);
  // `?id=` resumes a draft the builder already saved.
  const draft = id ? await orNotFound(() => getCampaign(actor.workspaceId, parseId(id, 'Campaign'))) : null;
  if (draft && draft.status !== 'draft') redirect(`/campaigns/${draft.id}`);

  const initial: BuilderValues = {
    name: draft?.name ?? '',
    description: draft?.description ?? '',
    segmentId: draft?.segmentId ?? '',
    contentKind: draft?.flowId ? 'flow' : 'template',
    flowId: draft?.flowId ?? '',
    templateId: draft?.templateId ?? '',
    startDate: draft?.startDate ?? '',
    startTimeOfDay: draft?.startTimeOfDay ?? '09:00',
    timeZone: draft?.timeZone ?? options.workspaceTimeZone,
    useRecipientTimeZone: draft?.useRecipientTimeZone ?? false,
    sendRateLimit: draft?.sendRateLimit ? String(draft.sendRateLimit) : '',
    quietHours: draft?.quietHours === 'off' || draft?.quietHours === 'custom' ? draft.quietHours : 'workspace',
    quietHoursStart: draft?.quietHoursStart ?? '21:00',
    quietHoursEnd: draft?.quietHoursEnd ?? '08:00',
    cappedSends: draft?.cappedSends === 'skip' ? 'skip' : 'defer',
    holdoutPercent: String(draft?.holdoutPercent ?? 0),
  };
  const reached = !draft ? 0 : !(draft.flowId || draft.templateId) ? 1 : !draft.startDate ? 2 : 3;

  return (
    <>
      <PageHeader title={draft ? `Continue “${draft.name}”` : 'New campaign'} description="Pick the audience, the content and the schedule; each step saves the draft." />
      <CampaignBuilder
        options={options}
        campaignId={draft?.id ?? null}
        initial={initial}
        reached={reached}
        saveStep={saveCampaignStepAction}
        changeStatus={changeCampaignStatusAction}
      />
    </>
  );
}
