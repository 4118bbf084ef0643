import { db } from '@/lib/db';
import { signToken } from '@/lib/tracking/token';
import { recordQrScan } from '@/lib/qr/scan';
import { redeemQrCode } from '@/lib/qr/redeem';
import { between, type Random } from '@/lib/demo/random';

const MINUTE = 60_000;

/**
 * Some recipients who opened an email with a QR code scan it (through the signed scan link, as a phone would) and some
 * of those redeem it at a till later; nothing happens after `until`.
 */
export async function reportQrUse(workspaceId: string, campaignId: string, opens: { contactId: string; at: Date }[], rand: Random, until: Date): Promise<void> {
  const codes = new Map((await db.qrCode.findMany({ where: { campaignId }, select: { id: true, contactId: true, code: true } })).map((q) => [q.contactId, q]));
  for (const o of opens) {
    const q = codes.get(o.contactId);
    if (!q || rand() >= 0.35) continue;
    const scannedAt = o.at.getTime() + between(rand, 2, 90) * MINUTE;
    if (scannedAt >= until.getTime()) continue;
    await recordQrScan(signToken({ kind: 'qr', id: q.id }), new Date(scannedAt));
    const redeemedAt = scannedAt + between(rand, 60, 2880) * MINUTE;
    if (rand() < 0.45 && redeemedAt < until.getTime()) await redeemQrCode(workspaceId, q.code, new Date(redeemedAt));
  }
}
