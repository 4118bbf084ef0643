import { db } from '@/lib/db';
import { env } from '@/lib/env';
import { recordEvents } from '@/lib/analytics/outbox';
import { qrEvent, qrMessageContext, type QrRow } from '@/lib/qr/events';
import { requireToken } from '@/lib/tracking/record';
import { verifyToken } from '@/lib/tracking/token';

interface Scanned extends QrRow {
  scanCount: number;
}

/** A scan of a recipient's QR code: counted, first scan time kept, one qr_scanned event per scan. Null when the code is gone. */
export async function recordQrScan(token: unknown, at = new Date()): Promise<Scanned | null> {
  const { id } = requireToken(token, 'qr');
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRawUnsafe<{ id: string; workspace_id: string; campaign_id: string; contact_id: string; code: string; scan_count: number }[]>(
      `UPDATE qr_codes SET scan_count = scan_count + 1, first_scanned_at = COALESCE(first_scanned_at, $2::timestamptz)
       WHERE id = $1::uuid RETURNING id::text, workspace_id::text, campaign_id::text, contact_id::text, code, scan_count`,
      id,
      at.toISOString(),
    );
    const r = rows[0];
    if (!r) return null;
    const q = { id: r.id, workspaceId: r.workspace_id, campaignId: r.campaign_id, contactId: r.contact_id, code: r.code, scanCount: Number(r.scan_count) };
    await recordEvents(tx, [qrEvent('qr_scanned', q, await qrMessageContext(tx, q), at, q.scanCount)]);
    return q;
  });
}

/** What the scan landing page shows; null for a forged link or a code that no longer exists. */
export async function qrLandingData(token: unknown): Promise<{ code: string; redeemed: boolean } | null> {
  const id = verifyToken(token, 'qr')?.id;
  if (!id) return null;
  const q = await db.qrCode.findUnique({ where: { id }, select: { code: true, redeemedAt: true } });
  return q ? { code: q.code, redeemed: Boolean(q.redeemedAt) } : null;
}

/** Where a scan goes after it is counted: QR_LANDING_URL with the code, else Herald's own small landing page. */
export async function qrScanDestination(token: string, base: string, at = new Date()): Promise<string> {
  const scanned = await recordQrScan(token, at);
  const landing = env().QR_LANDING_URL;
  if (scanned && landing) {
    const url = new URL(landing);
    url.searchParams.set('code', scanned.code);
    return url.toString();
  }
  return `${base}/t/q/${token}/thanks`;
}
