import { publicRoute } from '@/lib/http/handler';
import { receiveCallAnswer } from '@/lib/channels/callbacks';

export const dynamic = 'force-dynamic';

/** A `<Gather>` result of a call: stores the answer, answers with the next question's TwiML (signed by Twilio). */
export const POST = publicRoute((req) => receiveCallAnswer(req));
