import { canonicalTimeZone } from '@/lib/time-zones';

/** Whose conventions numbers and dates follow: the member's browser locale and time zone. */
export interface FormatSettings {
  locale: string;
  timeZone: string;
}

export const DEFAULT_FORMAT: FormatSettings = { locale: 'en-US', timeZone: 'UTC' };
/** The cookie the browser keeps its IANA zone in, so pages rendered on the server use it too. */
export const TIME_ZONE_COOKIE = 'herald-tz';

/** The first usable locale of an Accept-Language header, else the default. */
export function localeFrom(acceptLanguage: string | null | undefined): string {
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0].trim();
    if (!tag || tag === '*') continue;
    try {
      const [canonical] = Intl.getCanonicalLocales(tag);
      if (canonical && Intl.NumberFormat.supportedLocalesOf(canonical).length) return canonical;
    } catch {
      // Not a BCP 47 tag; try the next one.
    }
  }
  return DEFAULT_FORMAT.locale;
}

export function formatSettings(acceptLanguage: string | null | undefined, timeZone: string | null | undefined): FormatSettings {
  return { locale: localeFrom(acceptLanguage), timeZone: (timeZone && canonicalTimeZone(timeZone)) || DEFAULT_FORMAT.timeZone };
}

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(locale, options)));
  return f;
}
function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `n|${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.NumberFormat(locale, options)));
  return f;
}

const toDate = (v: string | number | Date) => (typeof v === 'string' && v.length === 10 ? new Date(`${v}T00:00:00Z`) : new Date(v));

export function formatWait(days: number, hours: number): string {
  const parts = [days ? `${days} day${days === 1 ? '' : 's'}` : '', hours ? `${hours} hour${hours === 1 ? '' : 's'}` : ''].filter(Boolean);
  return parts.join(' ') || 'no time';
}

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

export type Formatter = ReturnType<typeof formatter>;

/** Every number and date on screen goes through one of these, bound to the member's locale and time zone. */
export function formatter(settings: FormatSettings = DEFAULT_FORMAT) {
  const { locale, timeZone } = settings;
  return {
    locale,
    timeZone,
    number: (n: number) => numberFormat(locale).format(n),
    /** A count with its noun: "1 draft", "2 drafts" (the app's words are English, so one is the only singular). */
    count: (n: number, one: string, other: string) => `${numberFormat(locale).format(n)} ${n === 1 ? one : other}`,
    /** A percentage given as 0–100, up to two decimals. */
    percent: (n: number) => `${numberFormat(locale, { maximumFractionDigits: 2 }).format(n)}%`,
    decimal: (n: number, digits = 2) => numberFormat(locale, { maximumFractionDigits: digits }).format(n),
    /** An instant as a wall clock, in the member's zone unless another is named (a campaign's own zone). */
    dateTime(value: string | number | Date | null | undefined, opts: { timeZone?: string; withZone?: boolean } = {}): string {
      if (value === null || value === undefined) return '—';
      const zone = opts.timeZone ?? timeZone;
      const text = dateFormat(locale, { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(toDate(value));
      return opts.withZone === false ? text : `${text} (${zone})`;
    },
    date: (value: string | number | Date) => dateFormat(locale, { timeZone, day: 'numeric', month: 'short', year: 'numeric' }).format(toDate(value)),
    time: (value: string | number | Date) => dateFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(toDate(value)),
    /** A chart bucket start as a short axis label: a clock time for hours, a day for days and weeks, a month for months. */
    bucket(iso: string, granularity: string, zone = timeZone): string {
      const d = toDate(iso);
      if (granularity === 'hour') return dateFormat(locale, { timeZone: zone, day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(d);
      if (granularity === 'month') return dateFormat(locale, { timeZone: zone, month: 'short', year: 'numeric' }).format(d);
      return dateFormat(locale, { timeZone: zone, day: 'numeric', month: 'short' }).format(d);
    },
  };
}
