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

type Get = (key: string) => string | null | undefined;

/** The range in the address bar, as the analytics API's own params, so a shared link shows the same view. */
export function rangeParamsOf(get: Get, defaultPreset: string): Record<string, string> {
  const startDate = get('startDate');
  const endDate = get('endDate');
  if (startDate && endDate) return { startDate, endDate };
  return { timeRange: get('timeRange') ?? defaultPreset };
}

/** How many campaigns the overview ranks. */
export const OVERVIEW_TOP_CAMPAIGNS = 8;

/** The overview period's three questions for the address's range; traffic is in the viewer's zone. */
export function overviewPeriodParams(get: Get, timeZone: string) {
  const range = rangeParamsOf(get, '7d');
  return { range, overview: range, campaigns: { ...range, limit: OVERVIEW_TOP_CAMPAIGNS }, traffic: { ...range, tz: timeZone } };
}

/** The traffic report's question: the address's range, zone (the viewer's by default) and buckets (hours by default). */
export function trafficReportParams(get: Get, timeZone: string) {
  return { ...rangeParamsOf(get, '7d'), tz: get('tz') ?? timeZone, granularity: get('granularity') ?? 'hour' };
}

/** The templates report's question: the address's range and the least sends a template needs to be ranked. */
export function templatesReportParams(get: Get) {
  return { ...rangeParamsOf(get, '30d'), minVolume: get('minVolume') ?? '100' };
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
