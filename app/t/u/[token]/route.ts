import { NextResponse } from 'next/server';
import { publicRoute } from '@/lib/http/handler';
import { readBodyText } from '@/lib/http/parse';
import { requireToken } from '@/lib/tracking/record';
import { unsubscribeByToken } from '@/lib/tracking/unsubscribe';
import { originOf, publicBaseUrl } from '@/lib/tracking/urls';

export const dynamic = 'force-dynamic';

const confirmPage = (req: Request, token: string) => `${publicBaseUrl(originOf(req))}/t/u/${token}/confirm`;

/** The unsubscribe link in the email body: the confirm page (a GET never unsubscribes; link scanners fetch GETs). */
export const GET = publicRoute<{ token: string }>(async (req, { token }) => {
  requireToken(token, 'unsubscribe');
  return NextResponse.redirect(confirmPage(req, token), 303);
});

/** RFC 8058 one-click (`List-Unsubscribe=One-Click`) from mail clients, or the confirm page's button. */
export const POST = publicRoute<{ token: string }>(async (req, { token }) => {
  const body = await readBodyText(req, 4096);
  const oneClick = new URLSearchParams(body).get('List-Unsubscribe') === 'One-Click';
  const result = await unsubscribeByToken(token, oneClick ? 'one-click' : 'confirm-page');
  if (!oneClick && req.headers.get('accept')?.includes('text/html')) return NextResponse.redirect(confirmPage(req, token), 303);
  return NextResponse.json(result);
});
