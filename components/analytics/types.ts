/** The shapes the analytics endpoints answer, taken from the lib functions that produce them (types only). */
import type { overview } from '@/lib/analytics/queries/overview';
import type { campaigns } from '@/lib/analytics/queries/campaigns';
import type { templates } from '@/lib/analytics/queries/templates';
import type { traffic } from '@/lib/analytics/queries/traffic';
import type { funnel } from '@/lib/analytics/queries/funnel';
import type { intents } from '@/lib/analytics/queries/intents';
import type { CampaignStats } from '@/lib/analytics/campaign-stats';
import type { CampaignSummary } from '@/lib/analytics/campaign-summary';
import type { ContactItem } from '@/lib/analytics/campaign-contacts';

export type OverviewData = Awaited<ReturnType<typeof overview>>;
export type CampaignsData = Awaited<ReturnType<typeof campaigns>>;
export type TemplatesData = Awaited<ReturnType<typeof templates>>;
export type TrafficData = Awaited<ReturnType<typeof traffic>>;
export type FunnelData = Awaited<ReturnType<typeof funnel>>;
export type IntentsData = Awaited<ReturnType<typeof intents>>;
export type { CampaignStats, CampaignSummary, ContactItem };
