import { publicRoute } from '@/lib/http/handler';
import { receiveStatusCallback } from '@/lib/channels/callbacks';

export const dynamic = 'force-dynamic';

/** Twilio status callback of a text or call (X-Twilio-Signature: 403 when wrong; a retried callback changes nothing). */
export const POST = publicRoute((req) => receiveStatusCallback(req));
