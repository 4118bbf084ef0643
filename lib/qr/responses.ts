/** Response schemas of the QR code routes: what the JSON answers look like, for the API document and its contract test. */
import { z } from 'zod';

/** POST /api/v1/qr/{code}/redeem. */
export const qrRedeemedResponse = z.object({
  code: z.string().nullable(),
  campaignId: z.uuid(),
  contactId: z.uuid(),
  scanCount: z.number().int(),
  redeemedAt: z.iso.datetime().nullable(),
});
