import { describe, expect, it } from 'vitest';
import { quietUntil } from '@/lib/engagement/quiet-hours';

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
const at = (s: string) => Date.parse(s);

describe('quiet hours', () => {
  const night = { start: '21:00', end: '08:00' };

  it('lets a send outside the window through', () => {
    expect(quietUntil(night, 'Europe/Paris', at('2026-06-10T10:00:00Z'))).toBeNull(); // 12:00 in Paris
    expect(quietUntil(night, 'Europe/Paris', at('2026-06-10T18:59:59Z'))).toBeNull(); // 20:59:59
  });

  it('holds a send inside a window that runs past midnight until the window ends, in the contact’s zone', () => {
    // 22:30 in Paris (UTC+2) → 08:00 the next morning
    expect(iso(quietUntil(night, 'Europe/Paris', at('2026-06-10T20:30:00Z')))).toBe('2026-06-11T06:00:00.000Z');
    // 03:00 in Paris → 08:00 the same morning
    expect(iso(quietUntil(night, 'Europe/Paris', at('2026-06-11T01:00:00Z')))).toBe('2026-06-11T06:00:00.000Z');
    // The same instant is daytime in Tokyo and night in New York.
    expect(quietUntil(night, 'Asia/Tokyo', at('2026-06-11T01:00:00Z'))).toBeNull();
    expect(iso(quietUntil(night, 'America/New_York', at('2026-06-11T01:00:00Z')))).toBe('2026-06-11T12:00:00.000Z');
  });

  it('handles a window inside one day, and an empty one', () => {
    const lunch = { start: '12:00', end: '14:00' };
    expect(iso(quietUntil(lunch, 'UTC', at('2026-06-10T12:00:00Z')))).toBe('2026-06-10T14:00:00.000Z');
    expect(quietUntil(lunch, 'UTC', at('2026-06-10T14:00:00Z'))).toBeNull();
    expect(quietUntil({ start: '09:00', end: '09:00' }, 'UTC', at('2026-06-10T09:00:00Z'))).toBeNull();
    expect(quietUntil(null, 'UTC', at('2026-06-10T09:00:00Z'))).toBeNull();
  });

  it('ends a night window at 08:00 local across the spring-forward change inside it', () => {
    // London, 29 March 2026: clocks jump 01:00 GMT → 02:00 BST. 23:00 GMT on the 28th is inside; 08:00 BST = 07:00Z.
    expect(iso(quietUntil(night, 'Europe/London', at('2026-03-28T23:00:00Z')))).toBe('2026-03-29T07:00:00.000Z');
  });

  it('ends a night window at 08:00 local across the fall-back change inside it', () => {
    // London, 25 October 2026: 02:00 BST → 01:00 GMT. 22:00 BST (21:00Z) on the 24th → 08:00 GMT = 08:00Z (11 h later).
    expect(iso(quietUntil(night, 'Europe/London', at('2026-10-24T21:00:00Z')))).toBe('2026-10-25T08:00:00.000Z');
  });

  it('resolves a window ending inside the repeated hour to its next occurrence, never one in the past', () => {
    const early = { start: '00:00', end: '01:30' };
    // 01:15 BST (00:15Z) → 01:30 BST (00:30Z); 01:15 GMT (01:15Z, the second pass) → 01:30 GMT (01:30Z).
    expect(iso(quietUntil(early, 'Europe/London', at('2026-10-25T00:15:00Z')))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(quietUntil(early, 'Europe/London', at('2026-10-25T01:15:00Z')))).toBe('2026-10-25T01:30:00.000Z');
  });

  it('ends a window whose end time is skipped by spring-forward at the jump', () => {
    const early = { start: '00:00', end: '01:30' };
    // London skips 01:00–02:00 on 29 March 2026: the window ends at the jump, 01:00Z (02:00 BST).
    expect(iso(quietUntil(early, 'Europe/London', at('2026-03-29T00:30:00Z')))).toBe('2026-03-29T01:00:00.000Z');
  });
});
