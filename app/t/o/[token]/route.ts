import { publicRoute } from '@/lib/http/handler';
import { TRANSPARENT_GIF, recordOpen } from '@/lib/tracking/record';

export const dynamic = 'force-dynamic';

/** The open pixel: a 1×1 GIF, never cached, so every load reaches us (the first one counts). */
export const GET = publicRoute<{ token: string }>(async (_req, { token }) => {
  await recordOpen(token);
  return new Response(new Uint8Array(TRANSPARENT_GIF), { headers: { 'content-type': 'image/gif', 'cache-control': 'no-store, max-age=0' } });
});
