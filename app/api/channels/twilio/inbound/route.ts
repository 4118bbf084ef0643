import { publicRoute } from '@/lib/http/handler';
import { receiveInboundMessage } from '@/lib/channels/callbacks';

export const dynamic = 'force-dynamic';

/** An inbound text on a Herald number: STOP opts out of that channel, START opts back in (signed by Twilio). */
export const POST = publicRoute((req) => receiveInboundMessage(req));
