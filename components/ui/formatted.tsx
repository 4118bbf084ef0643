'use client';

import { useFormat } from '@/components/format-provider';
import { sendsInWords, type TemplateChannel } from '@/lib/channels/content';

/** A count in the member's locale, for server-rendered tables and cards. */
export function Num({ value }: { value: number }) {
  return <>{useFormat().number(value)}</>;
}

/** An instant in the member's locale and zone (or a named zone, such as a campaign's own). */
export function DateTime({ value, timeZone, withZone }: { value: string | Date | null | undefined; timeZone?: string; withZone?: boolean }) {
  const f = useFormat();
  return <time dateTime={value ? new Date(value).toISOString() : undefined}>{f.dateTime(value, { timeZone, withZone })}</time>;
}

/** A calendar day in the member's locale and zone. */
export function Day({ value }: { value: string | Date }) {
  return <time dateTime={new Date(value).toISOString()}>{useFormat().date(value)}</time>;
}

/** Sends counted by channel in the member's locale ("2 emails, 1 call"), or `none` when there are none. */
export function SendCounts({ counts, none }: { counts: Partial<Record<TemplateChannel, number>>; none: string }) {
  return <>{sendsInWords(counts, useFormat().count) || none}</>;
}
