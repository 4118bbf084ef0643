/** Display helpers shared by the campaign and flow screens. */

export function formatWait(days: number, hours: number): string {
  const parts = [days ? `${days} day${days === 1 ? '' : 's'}` : '', hours ? `${hours} hour${hours === 1 ? '' : 's'}` : ''].filter(Boolean);
  return parts.join(' ') || 'no time';
}

/** An instant as the given zone's wall clock, e.g. "Mon 1 Jun 2026, 09:00 (Europe/London)". */
export function formatInZone(iso: string | Date | null | undefined, timeZone: string, withZone = true): string {
  if (!iso) return '—';
  const text = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
  return withZone ? `${text} (${timeZone})` : text;
}

export const formatCount = (n: number) => n.toLocaleString('en-US');
