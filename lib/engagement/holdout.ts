/**
 * Lift against the holdout: the share of contacts with a conversion event since activation among those the campaign
 * reached (recipients not excluded) against the share among the held-out ones, with the two-proportion test.
 */
import { db } from '@/lib/db';
import { convertedContacts, twoProportionTest, type ProportionTest } from '@/lib/engagement/experiments';

export interface HoldoutLift {
  eventType: string;
  treated: { contacts: number; converted: number; rate: number };
  holdout: { contacts: number; converted: number; rate: number };
  /** Treated against holdout; null when either group is empty. */
  test: ProportionTest | null;
}

export async function holdoutLift(workspaceId: string, campaignId: string, eventType: string): Promise<HoldoutLift | null> {
  const campaign = await db.campaign.findFirst({ where: { id: campaignId, workspaceId }, select: { activatedAt: true, holdoutPercent: true } });
  if (!campaign?.activatedAt || campaign.holdoutPercent === 0) return null;
  const converted = await convertedContacts(workspaceId, eventType, campaign.activatedAt);
  const [row] = await db.$queryRawUnsafe<{ treated: number; treated_converted: number; held: number; held_converted: number }[]>(
    `SELECT count(*) FILTER (WHERE state <> 'excluded')::int AS treated,
       count(*) FILTER (WHERE state <> 'excluded' AND contact_id = ANY($2::uuid[]))::int AS treated_converted,
       count(*) FILTER (WHERE exclusion_reason = 'holdout')::int AS held,
       count(*) FILTER (WHERE exclusion_reason = 'holdout' AND contact_id = ANY($2::uuid[]))::int AS held_converted
     FROM campaign_recipients WHERE campaign_id = $1::uuid`,
    campaignId,
    converted,
  );
  const group = (contacts: number, conv: number) => ({ contacts, converted: conv, rate: contacts ? conv / contacts : 0 });
  const treated = group(Number(row.treated), Number(row.treated_converted));
  const holdout = group(Number(row.held), Number(row.held_converted));
  return { eventType, treated, holdout, test: twoProportionTest(holdout.converted, holdout.contacts, treated.converted, treated.contacts) };
}
