import { publicRoute } from '@/lib/http/handler';
import { renderMessageForBrowser } from '@/lib/tracking/view';
import { originOf, publicBaseUrl } from '@/lib/tracking/urls';

export const dynamic = 'force-dynamic';

/** "View in browser". Sandboxed: the HTML is a workspace's template, so it must not run as the app's origin. */
export const GET = publicRoute<{ token: string }>(async (req, { token }) => {
  const html = await renderMessageForBrowser(token, publicBaseUrl(originOf(req)));
  return new Response(html, {
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'private, no-store',
      'content-security-policy': "sandbox allow-popups allow-popups-to-escape-sandbox; default-src 'none'; img-src * data:; style-src 'unsafe-inline'",
      'x-content-type-options': 'nosniff',
    },
  });
});
