import { describe, expect, it } from 'vitest';
import { ALLOWED_TRANSITIONS, assertTransition, canTransition } from '@/lib/campaigns/transitions';
import { campaignEventType } from '@/lib/campaigns/status-log';
import { HttpError } from '@/lib/http/errors';

const statuses = ['draft', 'active', 'paused', 'completed'] as const;
const allowed = new Set(['draft→active', 'active→paused', 'active→completed', 'paused→active', 'paused→completed']);

describe('campaign lifecycle', () => {
  for (const from of statuses) {
    for (const to of statuses) {
      const key = `${from}→${to}`;
      if (allowed.has(key)) {
        it(`allows ${key}`, () => {
          expect(canTransition(from, to)).toBe(true);
          expect(() => assertTransition(from, to)).not.toThrow();
        });
      } else {
        it(`refuses ${key} with a 409 naming what is allowed`, () => {
          expect(canTransition(from, to)).toBe(false);
          let error: unknown;
          try {
            assertTransition(from, to);
          } catch (err) {
            error = err;
          }
          expect(error).toBeInstanceOf(HttpError);
          const e = error as HttpError;
          expect(e.status).toBe(409);
          expect(e.details).toEqual({ status: from, allowedTransitions: ALLOWED_TRANSITIONS[from] });
          for (const next of ALLOWED_TRANSITIONS[from]) expect(e.message).toContain(next);
        });
      }
    }
  }

  it('emits campaign_started on activation and campaign_completed on completion only', () => {
    expect(campaignEventType('draft', 'active')).toBe('campaign_started');
    expect(campaignEventType('active', 'completed')).toBe('campaign_completed');
    expect(campaignEventType('paused', 'completed')).toBe('campaign_completed');
    expect(campaignEventType('active', 'paused')).toBeNull();
    expect(campaignEventType('paused', 'active')).toBeNull();
  });
});
