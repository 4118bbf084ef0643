/**
 * Quiet hours: a daily window of local wall-clock time (which may run past midnight, 21:00–08:00) in which no message
 * reaches a contact. A send due inside it waits for the window's end in the contact's own zone, DST included.
 */
import { utcToWallClock, zoneOffsetMs } from '@/lib/campaigns/zoned-time';

export interface QuietWindow {
  /** HH:MM, local time: the window opens. */
  start: string;
  /** HH:MM, local time: the window closes (before start = the next day). */
  end: string;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Every instant whose wall clock in the zone reads `wallMs` (two in a fall-back hour, none in a spring-forward gap). */
function instantsOf(wallMs: number, timeZone: string): number[] {
  const offsets = new Set([zoneOffsetMs(timeZone, wallMs - DAY_MS), zoneOffsetMs(timeZone, wallMs + DAY_MS), zoneOffsetMs(timeZone, wallMs)]);
  return [...offsets].map((o) => wallMs - o).filter((t) => utcToWallClock(t, timeZone) === wallMs);
}

/**
 * When the quiet window that holds `at` ends, or null when `at` is outside it (or the window is empty). The end is
 * the first instant after `at` whose local clock shows the window's end time; when clocks spring forward over that
 * time, the window ends at the jump.
 */
export function quietUntil(window: QuietWindow | null, timeZone: string, at: number): number | null {
  if (!window) return null;
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  if (start === end) return null;
  const wall = utcToWallClock(at, timeZone);
  const dayStart = Math.floor(wall / DAY_MS) * DAY_MS;
  const now = Math.floor((wall - dayStart) / MINUTE_MS);
  const inside = start < end ? now >= start && now < end : now >= start || now < end;
  if (!inside) return null;
  const endWall = dayStart + end * MINUTE_MS + (start > end && now >= start ? DAY_MS : 0);
  const after = instantsOf(endWall, timeZone).filter((t) => t > at);
  if (after.length) return Math.min(...after);
  // The end time falls in a spring-forward gap: the window ends when the clock jumps past it.
  let t = Math.floor(at / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
  while (utcToWallClock(t, timeZone) < endWall) t += MINUTE_MS;
  return t;
}
