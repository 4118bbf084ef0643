import { publicRoute } from '@/lib/http/handler';
import { receiveVoiceRequest } from '@/lib/channels/callbacks';

export const dynamic = 'force-dynamic';

/** TwiML of an answered call: its script and first question (signed by Twilio). */
export const POST = publicRoute((req) => receiveVoiceRequest(req));
