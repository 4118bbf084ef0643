import { describe, expect, it } from 'vitest';
import { computeSendSteps, dueAtFor, scheduleSteps, scheduleZoneFor } from '@/lib/campaigns/schedule';
import { wallClockToUtc, wallClockOf, zoneOffsetMs } from '@/lib/campaigns/zoned-time';
import { isTimeZone } from '@/lib/time-zones';

const iso = (d: Date) => d.toISOString();
const FUTURE = new Date('2020-01-01T00:00:00Z'); // "now" well before every start below
const due = (date: string, time: string, zone: string, offsetMinutes = 0, now = FUTURE) => iso(dueAtFor(date, time, zone, offsetMinutes, now));
const localTime = (d: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(d);

const send = (templateId: string, id?: string) => ({ type: 'SEND_EMAIL' as const, templateId, id });
const wait = (waitDays: number, waitHours = 0) => ({ type: 'WAIT' as const, waitDays, waitHours });

describe('computeSendSteps', () => {
  it('turns a single template into one step at offset 0', () => {
    expect(computeSendSteps({ templateId: 't1' })).toEqual([{ stepIndex: 0, flowStepId: null, templateId: 't1', offsetMinutes: 0 }]);
  });

  it('sums earlier WAIT delays (days*1440 + hours*60) and ignores trailing waits', () => {
    const steps = computeSendSteps([send('a', 's1'), wait(3), send('b', 's2'), wait(0, 2), wait(1, 1), send('c', 's3'), wait(5)]);
    expect(steps).toEqual([
      { stepIndex: 0, flowStepId: 's1', templateId: 'a', offsetMinutes: 0 },
      { stepIndex: 1, flowStepId: 's2', templateId: 'b', offsetMinutes: 3 * 1440 },
      { stepIndex: 2, flowStepId: 's3', templateId: 'c', offsetMinutes: 3 * 1440 + 120 + 1440 + 60 },
    ]);
  });

  it('starts with a wait when the flow does, and orders by position', () => {
    const steps = computeSendSteps([
      { ...send('b'), position: 2 },
      { ...wait(1), position: 0 },
      { ...send('a'), position: 1 },
    ]);
    expect(steps.map((s) => [s.templateId, s.offsetMinutes])).toEqual([['a', 1440], ['b', 1440]]);
  });

  it('yields nothing for a flow without sends, and refuses a send without a template', () => {
    expect(computeSendSteps([wait(1)])).toEqual([]);
    expect(computeSendSteps([])).toEqual([]);
    expect(() => computeSendSteps([{ type: 'SEND_EMAIL', templateId: null }])).toThrow(/no template/);
  });
});

describe('time zones', () => {
  it('knows IANA names and refuses the rest', () => {
    for (const z of ['Europe/London', 'America/New_York', 'UTC', 'Asia/Kolkata', 'America/Argentina/Buenos_Aires']) expect(isTimeZone(z)).toBe(true);
    for (const z of ['Mars/Phobos', '+01:00', '', 'Europe/London; DROP TABLE', 'GMT+99']) expect(isTimeZone(z)).toBe(false);
  });

  it('reads offsets from Intl, including half-hour zones', () => {
    expect(zoneOffsetMs('Asia/Kolkata', Date.UTC(2026, 5, 1))).toBe(5.5 * 3600_000);
    expect(zoneOffsetMs('Europe/London', Date.UTC(2026, 0, 1))).toBe(0);
    expect(zoneOffsetMs('Europe/London', Date.UTC(2026, 6, 1))).toBe(3600_000);
    expect(zoneOffsetMs('America/New_York', Date.UTC(2026, 0, 1))).toBe(-5 * 3600_000);
  });
});

describe('dueAtFor: the start in its zone', () => {
  it('converts the wall-clock start to UTC in and out of summer time', () => {
    expect(due('2026-06-01', '09:00', 'Europe/London')).toBe('2026-06-01T08:00:00.000Z');
    expect(due('2026-01-15', '09:00', 'Europe/London')).toBe('2026-01-15T09:00:00.000Z');
    expect(due('2026-06-01', '09:00', 'America/New_York')).toBe('2026-06-01T13:00:00.000Z');
    expect(due('2026-01-15', '09:00', 'America/New_York')).toBe('2026-01-15T14:00:00.000Z');
    expect(due('2026-06-01', '09:00', 'Asia/Kolkata')).toBe('2026-06-01T03:30:00.000Z');
    expect(due('2026-06-01', '09:00', 'UTC')).toBe('2026-06-01T09:00:00.000Z');
    expect(due('2026-06-01', '00:30', 'Pacific/Auckland')).toBe('2026-05-31T12:30:00.000Z');
  });

  it('adds the offset to the wall clock', () => {
    expect(due('2026-06-01', '09:00', 'Europe/London', 3 * 1440 + 90)).toBe('2026-06-04T09:30:00.000Z');
    expect(due('2026-12-31', '23:00', 'UTC', 120)).toBe('2027-01-01T01:00:00.000Z');
  });
});

describe('dueAtFor: Europe/London DST (2026-03-29 01:00→02:00, 2026-10-25 02:00→01:00)', () => {
  it('spring forward: a skipped local time moves forward by the gap', () => {
    expect(due('2026-03-29', '00:30', 'Europe/London')).toBe('2026-03-29T00:30:00.000Z'); // GMT
    expect(due('2026-03-29', '01:00', 'Europe/London')).toBe('2026-03-29T01:00:00.000Z'); // = 02:00 BST
    expect(due('2026-03-29', '01:30', 'Europe/London')).toBe('2026-03-29T01:30:00.000Z'); // = 02:30 BST
    expect(due('2026-03-29', '02:00', 'Europe/London')).toBe('2026-03-29T01:00:00.000Z'); // BST
    expect(due('2026-03-29', '09:00', 'Europe/London')).toBe('2026-03-29T08:00:00.000Z');
    expect(localTime(new Date(due('2026-03-29', '01:30', 'Europe/London')), 'Europe/London')).toBe('29/03/2026, 02:30');
  });

  it('fall back: a repeated local time takes its first occurrence', () => {
    expect(due('2026-10-25', '00:30', 'Europe/London')).toBe('2026-10-24T23:30:00.000Z'); // BST
    expect(due('2026-10-25', '01:30', 'Europe/London')).toBe('2026-10-25T00:30:00.000Z'); // first 01:30, BST
    expect(due('2026-10-25', '02:00', 'Europe/London')).toBe('2026-10-25T02:00:00.000Z'); // GMT
    expect(due('2026-10-25', '09:00', 'Europe/London')).toBe('2026-10-25T09:00:00.000Z');
  });

  it('a one-day wait keeps the local time of day across the change (23 h and 25 h real gaps)', () => {
    const before = dueAtFor('2026-03-28', '09:00', 'Europe/London', 0, FUTURE);
    const after = dueAtFor('2026-03-28', '09:00', 'Europe/London', 1440, FUTURE);
    expect(iso(before)).toBe('2026-03-28T09:00:00.000Z');
    expect(iso(after)).toBe('2026-03-29T08:00:00.000Z');
    expect(after.getTime() - before.getTime()).toBe(23 * 3600_000);
    const autumn0 = dueAtFor('2026-10-24', '09:00', 'Europe/London', 0, FUTURE);
    const autumn1 = dueAtFor('2026-10-24', '09:00', 'Europe/London', 1440, FUTURE);
    expect(autumn1.getTime() - autumn0.getTime()).toBe(25 * 3600_000);
    expect(localTime(autumn1, 'Europe/London')).toBe('25/10/2026, 09:00');
  });

  it('a wait that lands in the skipped hour moves forward like a start would', () => {
    expect(due('2026-03-28', '01:30', 'Europe/London', 1440)).toBe('2026-03-29T01:30:00.000Z'); // 02:30 BST
  });
});

describe('dueAtFor: America/New_York DST (2026-03-08 02:00→03:00, 2026-11-01 02:00→01:00)', () => {
  it('spring forward', () => {
    expect(due('2026-03-08', '01:59', 'America/New_York')).toBe('2026-03-08T06:59:00.000Z'); // EST
    expect(due('2026-03-08', '02:30', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z'); // skipped → 03:30 EDT
    expect(due('2026-03-08', '03:00', 'America/New_York')).toBe('2026-03-08T07:00:00.000Z'); // EDT
    expect(localTime(new Date(due('2026-03-08', '02:30', 'America/New_York')), 'America/New_York')).toBe('08/03/2026, 03:30');
  });

  it('fall back', () => {
    expect(due('2026-11-01', '00:59', 'America/New_York')).toBe('2026-11-01T04:59:00.000Z'); // EDT
    expect(due('2026-11-01', '01:30', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z'); // first 01:30, EDT
    expect(due('2026-11-01', '02:00', 'America/New_York')).toBe('2026-11-01T07:00:00.000Z'); // EST
  });

  it('waits are wall-clock: days keep the time of day, hours across the gap lose the skipped hour', () => {
    expect(due('2026-03-07', '09:00', 'America/New_York', 1440)).toBe('2026-03-08T13:00:00.000Z'); // 09:00 EDT
    expect(due('2026-10-31', '09:00', 'America/New_York', 1440)).toBe('2026-11-01T14:00:00.000Z'); // 09:00 EST
    // 01:00 EST + "wait 2 hours" = 03:00 EDT, one real hour later.
    expect(due('2026-03-08', '01:00', 'America/New_York', 120)).toBe('2026-03-08T07:00:00.000Z');
  });

  it('wallClockToUtc round-trips every half hour through both transition days', () => {
    for (const day of ['2026-03-08', '2026-11-01']) {
      for (let m = 0; m < 24 * 60; m += 30) {
        const hhmm = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
        const wall = wallClockOf(day, hhmm);
        const t = wallClockToUtc(wall, 'America/New_York');
        const skipped = day === '2026-03-08' && hhmm >= '02:00' && hhmm < '03:00';
        expect(localTime(new Date(t), 'America/New_York')).toBe(skipped ? `08/03/2026, 03:${hhmm.slice(3)}` : `${day.slice(8)}/${day.slice(5, 7)}/2026, ${hhmm}`);
      }
    }
  });
});

describe('dueAtFor: starts in the past', () => {
  const now = new Date('2026-06-10T12:00:00.000Z'); // 13:00 in London

  it('sends the first step as soon as possible', () => {
    expect(iso(dueAtFor('2026-06-01', '09:00', 'Europe/London', 0, now))).toBe(iso(now));
    expect(iso(dueAtFor('2026-06-10', '12:59', 'Europe/London', 0, now))).toBe(iso(now));
  });

  it('keeps later steps spaced from the real first send, not from the missed start', () => {
    expect(iso(dueAtFor('2026-06-01', '09:00', 'Europe/London', 3 * 1440, now))).toBe('2026-06-13T12:00:00.000Z');
    expect(iso(dueAtFor('2026-06-01', '09:00', 'Europe/London', 60, now))).toBe('2026-06-10T13:00:00.000Z');
  });

  it('re-anchors on the wall clock, so a spacing across DST keeps the local time', () => {
    const friday = new Date('2026-03-27T12:00:00.000Z'); // 12:00 GMT
    expect(iso(dueAtFor('2026-03-01', '09:00', 'Europe/London', 3 * 1440, friday))).toBe('2026-03-30T11:00:00.000Z'); // 12:00 BST
  });

  it('leaves a start that is still ahead alone, even by a minute', () => {
    expect(iso(dueAtFor('2026-06-10', '13:01', 'Europe/London', 0, now))).toBe('2026-06-10T12:01:00.000Z');
    expect(iso(dueAtFor('2026-06-10', '13:00', 'Europe/London', 0, now))).toBe(iso(now));
  });
});

describe('long flows', () => {
  it('a 10-step daily flow sends at 09:00 local every day through spring forward', () => {
    const flow = Array.from({ length: 10 }, (_, i) => [send(`t${i}`), wait(1)]).flat();
    const steps = computeSendSteps(flow);
    expect(steps).toHaveLength(10);
    expect(steps.map((s) => s.offsetMinutes)).toEqual(Array.from({ length: 10 }, (_, i) => i * 1440));
    const rows = scheduleSteps(steps, ['Europe/London'], { startDate: '2026-03-25', startTimeOfDay: '09:00' }, FUTURE);
    expect(rows.map((r) => localTime(r.dueAt, 'Europe/London'))).toEqual(
      ['25', '26', '27', '28', '29', '30', '31'].map((d) => `${d}/03/2026, 09:00`).concat(['01', '02', '03'].map((d) => `${d}/04/2026, 09:00`)),
    );
    expect(rows.map((r) => r.dueAt.getUTCHours())).toEqual([9, 9, 9, 9, 8, 8, 8, 8, 8, 8]);
  });

  it('mixed waits add up over ten sends', () => {
    const flow = Array.from({ length: 10 }, (_, i) => [send(`t${i}`), wait(i % 3, i % 5)]).flat();
    const steps = computeSendSteps(flow);
    let expected = 0;
    steps.forEach((s, i) => {
      expect(s.offsetMinutes).toBe(expected);
      expected += (i % 3) * 1440 + (i % 5) * 60;
    });
  });
});

describe('per-recipient time zones', () => {
  const steps = computeSendSteps([send('a'), wait(1), send('b')]);
  const start = { startDate: '2026-06-01', startTimeOfDay: '09:00' };

  it('writes one row per send step and distinct zone, each at 09:00 local', () => {
    const rows = scheduleSteps(steps, ['Europe/London', 'America/New_York', 'Asia/Tokyo', 'Europe/London'], start, FUTURE);
    expect(rows).toHaveLength(6);
    const at = (zone: string, step: number) => iso(rows.find((r) => r.timeZone === zone && r.stepIndex === step)!.dueAt);
    expect(at('Europe/London', 0)).toBe('2026-06-01T08:00:00.000Z');
    expect(at('America/New_York', 0)).toBe('2026-06-01T13:00:00.000Z');
    expect(at('Asia/Tokyo', 0)).toBe('2026-06-01T00:00:00.000Z');
    expect(at('Asia/Tokyo', 1)).toBe('2026-06-02T00:00:00.000Z');
  });

  it('a zone whose start has passed sends now while the others wait for their 09:00', () => {
    const now = new Date('2026-06-01T05:00:00.000Z');
    const rows = scheduleSteps(steps, ['Asia/Tokyo', 'Europe/London'], start, now);
    const at = (zone: string, step: number) => iso(rows.find((r) => r.timeZone === zone && r.stepIndex === step)!.dueAt);
    expect(at('Asia/Tokyo', 0)).toBe(iso(now));
    expect(at('Asia/Tokyo', 1)).toBe('2026-06-02T05:00:00.000Z');
    expect(at('Europe/London', 0)).toBe('2026-06-01T08:00:00.000Z');
  });

  it('recipients without a (valid) zone use the campaign zone', () => {
    expect(scheduleZoneFor(null, 'Europe/London', true, isTimeZone)).toBe('Europe/London');
    expect(scheduleZoneFor('Mars/Base', 'Europe/London', true, isTimeZone)).toBe('Europe/London');
    expect(scheduleZoneFor('Asia/Tokyo', 'Europe/London', true, isTimeZone)).toBe('Asia/Tokyo');
    expect(scheduleZoneFor('Asia/Tokyo', 'Europe/London', false, isTimeZone)).toBe('Europe/London');
  });
});
