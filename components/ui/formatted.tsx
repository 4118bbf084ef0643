'use client';

import { useFormat } from '@/components/format-provider';

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
