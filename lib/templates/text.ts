/** Plain-text versions of HTML emails: tags stripped, links kept as "text (url)", whitespace collapsed. */

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', copy: '©', reg: '®', trade: '™', hellip: '…',
  mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', bull: '•', middot: '·', euro: '€',
  pound: '£', yen: '¥', laquo: '«', raquo: '»', zwnj: '', zwj: '',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return m ? decodeEntities(m[1] ?? m[2] ?? m[3] ?? '') : '';
};

const BLOCK = 'address|article|aside|blockquote|center|dd|div|dl|dt|fieldset|figcaption|figure|footer|form|h[1-6]|header|hr|main|nav|ol|p|pre|section|table|tbody|tfoot|thead|tr|ul';
const blockTag = new RegExp(`<\\/?(?:${BLOCK})\\b[^>]*>`, 'gi');

/** The text of a link: its words and, when they differ from it, the URL in brackets; anchors and mailto stay readable. */
function linkText(openTag: string, inner: string): string {
  const href = attr(openTag, 'href').trim();
  const label = inner.replace(/\s+/g, ' ').trim();
  if (!href || href.startsWith('#') || /^javascript:/i.test(href)) return label;
  const shown = href.replace(/^mailto:/i, '');
  if (!label || label === href || label === shown) return shown;
  return `${label} (${shown})`;
}

export function htmlToText(html: string): string {
  let s = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(head|style|script|title|template|noscript)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/\s+/g, ' ');
  s = s
    .replace(/<img\b[^>]*>/gi, (tag) => {
      const alt = attr(tag, 'alt').trim();
      return alt ? ` ${alt} ` : ' ';
    })
    .replace(/<a\b([^>]*)>([\s\S]*?)<\/a\s*>/gi, (_m, open: string, inner: string) => linkText(` ${open}`, inner.replace(/<[^>]*>/g, '')))
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<li\b[^>]*>/gi, '\n- ')
    .replace(/<\/(td|th)\s*>/gi, ' ')
    .replace(/<hr\b[^>]*>/gi, '\n\n---\n\n')
    .replace(blockTag, '\n\n')
    .replace(/<[^>]*>/g, '');
  return decodeEntities(s)
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const LIQUID = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g;
const MARK = /\uE000(\d+)\uE001/g;

/**
 * A text template derived from an HTML template, before any rendering: Liquid markup is set aside, the HTML
 * around it is converted, and the markup put back, so `<a href="{{ unsubscribe_url }}">Unsubscribe</a>` becomes
 * `Unsubscribe ({{ unsubscribe_url }})` and the text part is rendered per recipient like any other.
 */
export function deriveTextSource(htmlSource: string): string {
  const saved: string[] = [];
  const masked = htmlSource.replace(LIQUID, (m) => `\uE000${saved.push(m) - 1}\uE001`);
  return htmlToText(masked).replace(MARK, (_m, i: string) => saved[Number(i)]);
}
