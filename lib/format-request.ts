import { cookies, headers } from 'next/headers';
import { formatSettings, formatter, TIME_ZONE_COOKIE, type FormatSettings } from '@/lib/format';

/** The member's locale (Accept-Language) and time zone (kept by the browser in a cookie) for a server render. */
export async function requestFormatSettings(): Promise<FormatSettings> {
  const [h, c] = await Promise.all([headers(), cookies()]);
  return formatSettings(h.get('accept-language'), c.get(TIME_ZONE_COOKIE)?.value);
}

export async function requestFormatter() {
  return formatter(await requestFormatSettings());
}
