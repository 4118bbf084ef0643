import { publicRoute } from '@/lib/http/handler';
import { recordClick } from '@/lib/tracking/record';

export const dynamic = 'force-dynamic';

/** A tracked link: 302 to the URL that was signed into it, and nowhere else (a tampered token is a 400). */
export const GET = publicRoute<{ token: string }>(async (_req, { token }) => {
  const url = await recordClick(token);
  return new Response(null, { status: 302, headers: { location: url, 'cache-control': 'no-store' } });
});
