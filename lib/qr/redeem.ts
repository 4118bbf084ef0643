import { z } from 'zod';
import { db } from '@/lib/db';
import { recordEvents } from '@/lib/analytics/outbox';
import { conflict, notFound } from '@/lib/http/errors';
import { parseWith } from '@/lib/http/parse';
import { QR_CODE_PATTERN } from '@/lib/qr/codes';
import { qrEvent, qrMessageContext } from '@/lib/qr/events';

/** Codes are typed by people: case and spaces or dashes between groups do not matter. */
export const qrCodeParamSchema = z
  .string()
  .transform((s) => s.toUpperCase().replace(/[\s-]/g, ''))
  .pipe(z.string().regex(QR_CODE_PATTERN, 'Not a Herald QR code (12 letters and digits)'));

/**
 * Redeems a QR code of the workspace once: the first call records the redemption and its qr_redeemed event; any
 * later call is a 409 saying when it was redeemed. Another workspace's code is a 404.
 */
export async function redeemQrCode(workspaceId: string, rawCode: unknown, at = new Date()) {
  const code = parseWith(z.object({ code: qrCodeParamSchema }), { code: rawCode }).code;
  return db.$transaction(async (tx) => {
    const q = await tx.qrCode.findFirst({ where: { code, workspaceId } });
    if (!q) throw notFound('QR code');
    const { count } = await tx.qrCode.updateMany({ where: { id: q.id, redeemedAt: null }, data: { redeemedAt: at } });
    if (count === 0) {
      const current = await tx.qrCode.findUniqueOrThrow({ where: { id: q.id }, select: { redeemedAt: true } });
      throw conflict('This QR code was already redeemed', { redeemedAt: current.redeemedAt?.toISOString() ?? null });
    }
    await recordEvents(tx, [qrEvent('qr_redeemed', q, await qrMessageContext(tx, q), at, 1)]);
    return { code: q.code, campaignId: q.campaignId, contactId: q.contactId, scanCount: q.scanCount, redeemedAt: at.toISOString() };
  });
}
