import { Liquid, type LiquidOptions } from 'liquidjs';

/** A value already written as HTML (the QR code's <img>); in plain-text parts it reads as its text form. */
export class SafeHtml {
  constructor(
    readonly html: string,
    readonly text: string,
  ) {}
  toString() {
    return this.text;
  }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: string): string {
  // Most values (names, URLs) need no escaping; testing first avoids building a new string for them.
  return /[&<>"']/.test(value) ? value.replace(/[&<>"']/g, (c) => ENTITIES[c]) : value;
}

/** Liquid's own stringification (nil → '', arrays joined), so the fast path writes exactly what Liquid would. */
export function stringifyValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(stringifyValue).join('');
  return String(value);
}

/** The output filter of HTML parts: every value is escaped unless it is SafeHtml we produced ourselves. */
export function htmlOutputEscape(value: unknown): string {
  return value instanceof SafeHtml ? value.html : escapeHtml(stringifyValue(value));
}

/** The name Liquid gives the output-escape filter it appends to every `{{ }}` (the function's source). */
export const OUTPUT_ESCAPE_FILTER_NAME = Function.prototype.toString.call(htmlOutputEscape);

/** Denial-of-service bounds: a hostile template fails fast instead of hanging or exhausting the server. */
export const TEMPLATE_LIMITS = {
  /** characters parsed per field */
  parseLimit: 1_000_000,
  /** milliseconds per render of one part */
  renderLimit: 500,
  /** Liquid's allocation units (range items, string growth) per render of one part */
  memoryLimit: 5_000_000,
} as const;

const NO_FILES = ['include', 'render', 'layout'] as const;

/** Why: templates come from users, so tags that read other files are refused at parse time with a clear message. */
function createEngine(options: LiquidOptions): Liquid {
  const liquid = new Liquid({
    ...options,
    ...TEMPLATE_LIMITS,
    strictFilters: true,
    strictVariables: false,
    ownPropertyOnly: true,
    // An empty in-memory file map: even a tag that slipped through could not reach the disk.
    templates: {},
    cache: false,
  });
  for (const name of NO_FILES) {
    liquid.registerTag(name, {
      parse() {
        throw new Error(`{% ${name} %} is not available in Herald templates`);
      },
      render() {
        return '';
      },
    });
  }
  return liquid;
}

type Engines = { html: Liquid; text: Liquid };
let cached: Engines | undefined;

/**
 * The two engines: HTML parts escape every value, subject/preheader/text parts escape nothing. Deliberately
 * per module, not on globalThis: Next.js may load Liquid once per server bundle, and parsed nodes must meet the
 * classes (Context, Output, …) of the very copy that parsed them.
 */
export function engines(): Engines {
  return (cached ??= {
    html: createEngine({ outputEscape: htmlOutputEscape }),
    text: createEngine({}),
  });
}
