import { api } from '@/lib/http/handler';
import { redeemQrCode } from '@/lib/qr/redeem';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

/** Redeems a recipient's QR code once (409 on any later call); another workspace's code is a 404. */
export const POST = api<{ code: string }>(allowedRoles('/api/v1/qr/[code]/redeem', 'POST'), async ({ actor, params }) => redeemQrCode(actor.workspaceId, params.code));
