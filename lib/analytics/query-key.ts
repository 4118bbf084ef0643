/**
 * How the browser names an analytics answer. Pure, so the client hooks and the server render that seeds their cache
 * build the same key from the same address.
 */
export type QueryParams = Record<string, string | number | undefined | null>;

/** Query string of the defined values, in a stable order so equal params share a cache entry. */
export function toQuery(params: QueryParams): string {
  const q = new URLSearchParams();
  for (const k of Object.keys(params).sort()) {
    const v = params[k];
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  return q.toString();
}

/** The cache key of one /api/v1/analytics question asked with these params. */
export const analyticsQueryKey = (name: string, params: QueryParams) => ['analytics', name, toQuery(params)] as const;

/** The range in the address bar, as the analytics API's own params, so a shared link shows the same view. */
export function rangeParamsOf(get: (key: string) => string | null | undefined, defaultPreset: string): Record<string, string> {
  const startDate = get('startDate');
  const endDate = get('endDate');
  if (startDate && endDate) return { startDate, endDate };
  return { timeRange: get('timeRange') ?? defaultPreset };
}

/** How many campaigns the overview ranks. */
export const OVERVIEW_TOP_CAMPAIGNS = 8;

/** The overview period's three questions for a range; traffic is in the viewer's zone, so it waits for one. */
export function overviewPeriodParams(range: Record<string, string>, timeZone: string | null) {
  return {
    overview: range,
    campaigns: { ...range, limit: OVERVIEW_TOP_CAMPAIGNS },
    traffic: timeZone === null ? null : { ...range, tz: timeZone },
  };
}

/** The keys of a campaign dashboard's own queries: its summary (seed 000) and its stats (seed 004). */
export const campaignSummaryKey = (campaignId: string, status: string) => ['campaign-summary', campaignId, status] as const;
export const campaignStatsKey = (campaignId: string) => ['campaign-stats', campaignId] as const;

const TWO_YEARS_MS = 730 * 86_400_000;

/** The campaign's whole life as a date range (at most two years, the analytics retention), for its funnel and intents. */
export function campaignRange(campaign: { activatedAt: string | Date | null; createdAt: string | Date | null }, now = Date.now()): Record<string, string> {
  const since = Math.max(new Date(campaign.activatedAt ?? campaign.createdAt ?? now).getTime(), now - TWO_YEARS_MS);
  return { startDate: new Date(since).toISOString().slice(0, 10), endDate: new Date(now).toISOString().slice(0, 10) };
}
