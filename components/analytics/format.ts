/** Number and time formatting shared by the analytics charts. */

export const formatNumber = (n: number) => n.toLocaleString('en-US');
export const formatPercent = (n: number) => `${n.toLocaleString('en-US', { maximumFractionDigits: 2 })}%`;

/** A bucket start as a short axis label: "14:00" for hours, "3 Mar" for days and weeks, "Mar 2026" for months. */
export function bucketLabel(iso: string, granularity: string, timeZone = 'UTC'): string {
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (granularity === 'hour') return new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
  if (granularity === 'month') return new Intl.DateTimeFormat('en-GB', { timeZone, month: 'short', year: 'numeric' }).format(d);
  return new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short' }).format(d);
}

export const formatTime = (ms: number) => new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(new Date(ms));

export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '—';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.round(seconds % 60);
  return h ? `${h} h ${m} min` : m ? `${m} min ${s} s` : `${s} s`;
}

const CHANNEL_LABELS: Record<string, string> = { email: 'Email', sms: 'SMS', whatsapp: 'WhatsApp', push: 'Push', voice: 'Voice' };

/** A channel as people write it ("SMS", "WhatsApp"); an unknown one as it came. */
export const channelLabel = (channel: string) => CHANNEL_LABELS[channel] ?? channel;
