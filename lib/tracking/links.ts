import { decodeEntities } from '@/lib/templates/text';
import { trackingUrl } from '@/lib/tracking/urls';

/** `<a … href="…">` with a quoted value; unquoted hrefs are rare in email HTML and left alone. */
const ANCHOR_HREF = /(<a\b[^>]*?\shref\s*=\s*)(["'])([^"']*)\2/gi;
const BODY_CLOSE = /<\/body\s*>/i;

/**
 * Routes every http(s) link of a rendered HTML part through a signed click link for this message and adds the
 * open pixel. Our own `/t/` links (unsubscribe, view in browser) are kept as they are: they track themselves.
 */
export function addTracking(html: string, messageId: string, base: string): string {
  const own = `${base}/t/`;
  const linked = html.replace(ANCHOR_HREF, (whole: string, before: string, quote: string, raw: string) => {
    const url = decodeEntities(raw).trim();
    if (!/^https?:\/\//i.test(url) || url.startsWith(own)) return whole;
    return `${before}${quote}${trackingUrl(base, 'click', messageId, url)}${quote}`;
  });
  const pixel = `<img src="${trackingUrl(base, 'open', messageId)}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0">`;
  const close = BODY_CLOSE.exec(linked);
  return close ? linked.slice(0, close.index) + pixel + linked.slice(close.index) : linked + pixel;
}
