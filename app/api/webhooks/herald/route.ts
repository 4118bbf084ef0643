import { NextResponse } from 'next/server';
import { publicRoute } from '@/lib/http/handler';
import { summaryStatus } from '@/lib/webhooks/apply';
import { receiveHeraldWebhook } from '@/lib/webhooks/receive';

export const dynamic = 'force-dynamic';

/** Herald's generic signed webhook (`X-Herald-Signature`): 401 unverified, 400 malformed, 202 when some messages are unknown. */
export const POST = publicRoute(async (req) => {
  const summary = await receiveHeraldWebhook(req);
  return NextResponse.json(summary, { status: summaryStatus(summary) });
});
