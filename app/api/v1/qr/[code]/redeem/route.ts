import { CAN_EDIT } from '@/lib/auth/roles';
import { api } from '@/lib/http/handler';
import { redeemQrCode } from '@/lib/qr/redeem';

export const dynamic = 'force-dynamic';

/** Redeems a recipient's QR code once (409 on any later call); another workspace's code is a 404. */
export const POST = api<{ code: string }>(CAN_EDIT, async ({ actor, params }) => redeemQrCode(actor.workspaceId, params.code));
