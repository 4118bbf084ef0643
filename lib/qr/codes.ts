import { randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import { db } from '@/lib/db';

/** Crockford's base32 without look-alikes (no I, L, O, U): a code a person can read out or type at a desk. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 12; // 60 random bits

export const QR_CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{12}$/;

export function generateQrCode(): string {
  const bytes = randomBytes(CODE_LENGTH);
  let out = '';
  for (const b of bytes) out += ALPHABET[b & 31];
  return out;
}

export interface RecipientQr {
  id: string;
  code: string;
}

/**
 * The QR code of each recipient of a campaign (one per recipient, whatever the step), created on first use with a
 * fresh random code: one INSERT for the batch, then one read of every row. A code that collides with another
 * campaign's simply gets no row and is drawn again.
 */
export async function ensureQrCodes(workspaceId: string, campaignId: string, contactIds: readonly string[]): Promise<Map<string, RecipientQr>> {
  const found = new Map<string, RecipientQr>();
  for (let round = 0; round < 3 && found.size < contactIds.length; round++) {
    const missing = contactIds.filter((id) => !found.has(id));
    const rows = missing.map((contact_id) => ({ contact_id, code: generateQrCode() }));
    await db.$executeRawUnsafe(
      `INSERT INTO qr_codes (workspace_id, campaign_id, contact_id, code)
       SELECT $1::uuid, $2::uuid, x.contact_id, x.code FROM jsonb_to_recordset($3::jsonb) AS x(contact_id uuid, code text)
       ON CONFLICT DO NOTHING`,
      workspaceId,
      campaignId,
      JSON.stringify(rows),
    );
    const existing = await db.qrCode.findMany({ where: { campaignId, contactId: { in: missing } }, select: { id: true, code: true, contactId: true } });
    for (const q of existing) found.set(q.contactId, { id: q.id, code: q.code });
  }
  return found;
}

/** The QR image for an email: a PNG data URL of `content` (the signed scan link). */
export function qrImageDataUrl(content: string): Promise<string> {
  return QRCode.toDataURL(content, { margin: 1, width: 200, errorCorrectionLevel: 'M' });
}
