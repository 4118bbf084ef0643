import { NextResponse } from 'next/server';
import { publicRoute } from '@/lib/http/handler';
import { summaryStatus } from '@/lib/webhooks/apply';
import { receiveSesWebhook } from '@/lib/webhooks/receive';

export const dynamic = 'force-dynamic';

/** Amazon SES feedback through SNS (signed): 401 unverified, 403 another topic, 400 malformed, 202 when the message is unknown. */
export const POST = publicRoute(async (req) => {
  const summary = await receiveSesWebhook(req);
  return NextResponse.json(summary, { status: summaryStatus(summary) });
});
