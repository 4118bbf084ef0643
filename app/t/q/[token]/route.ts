import { publicRoute } from '@/lib/http/handler';
import { qrScanDestination } from '@/lib/qr/scan';
import { originOf, publicBaseUrl } from '@/lib/tracking/urls';

export const dynamic = 'force-dynamic';

/** A scanned QR code: counted, then off to the configured landing URL or Herald's own page. */
export const GET = publicRoute<{ token: string }>(async (req, { token }) => {
  const location = await qrScanDestination(token, publicBaseUrl(originOf(req)));
  return new Response(null, { status: 302, headers: { location, 'cache-control': 'no-store' } });
});
