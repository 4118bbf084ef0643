import { NextResponse } from 'next/server';
import { publicRoute } from '@/lib/http/handler';
import { summaryStatus } from '@/lib/webhooks/apply';
import { receiveSendgridWebhook } from '@/lib/webhooks/receive';

export const dynamic = 'force-dynamic';

/** SendGrid Event Webhook (signed): 401 unverified, 400 malformed, 202 when some messages are unknown. */
export const POST = publicRoute(async (req) => {
  const summary = await receiveSendgridWebhook(req);
  return NextResponse.json(summary, { status: summaryStatus(summary) });
});
