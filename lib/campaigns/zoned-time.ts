/**
 * Wall-clock time in IANA zones, computed with Intl.DateTimeFormat only (no tz database of our own).
 * A "wall-clock ms" is the local date and time written as if it were UTC: Date.UTC(y, m, d, h, min).
 */

const DAY_MS = 86_400_000;

// Building a formatter is costly; activation asks for the same few zones many times.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Every zone this runtime knows, for pickers. */
export function timeZoneNames(): string[] {
  const names = Intl.supportedValuesOf('timeZone');
  return names.includes('UTC') ? names : ['UTC', ...names];
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
export function zoneOffsetMs(timeZone: string, instantMs: number): number {
  const whole = instantMs - (((instantMs % 1000) + 1000) % 1000);
  const parts = formatterFor(timeZone).formatToParts(new Date(whole));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - whole;
}

/** The wall-clock reading of an instant in a zone. */
export function utcToWallClock(instantMs: number, timeZone: string): number {
  return instantMs + zoneOffsetMs(timeZone, instantMs);
}

/**
 * The instant a zone's clock shows a wall-clock time, resolved like Temporal's "compatible" rule:
 * - ambiguous (clocks fall back, the time happens twice): the first occurrence, the earlier instant;
 * - non-existent (clocks spring forward over it): moved forward by the length of the gap,
 *   so 01:30 on the day London skips 01:00–02:00 becomes 02:30 BST.
 */
export function wallClockToUtc(wallMs: number, timeZone: string): number {
  // The offsets in force a day either side cover every real-world zone's single transition.
  const before = zoneOffsetMs(timeZone, wallMs - DAY_MS);
  const after = zoneOffsetMs(timeZone, wallMs + DAY_MS);
  const matches = [...new Set([wallMs - before, wallMs - after])]
    .filter((t) => utcToWallClock(t, timeZone) === wallMs)
    .sort((a, b) => a - b);
  if (matches.length > 0) return matches[0];
  // In a gap: read the time with the offset from before the jump, which lands the gap's length later.
  return wallMs - before;
}

/** 'YYYY-MM-DD' and 'HH:MM' as wall-clock ms. */
export function wallClockOf(date: string, timeOfDay: string): number {
  const [y, m, d] = date.split('-').map(Number);
  const [h, min] = timeOfDay.split(':').map(Number);
  return Date.UTC(y, m - 1, d, h, min);
}
