import { notFound } from 'next/navigation';
import { UnsubscribeConfirm } from '@/components/tracking/unsubscribe-confirm';
import { unsubscribePageData } from '@/lib/tracking/unsubscribe';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Unsubscribe' };

export default async function UnsubscribePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const data = await unsubscribePageData(token);
  if (!data) notFound();
  return <UnsubscribeConfirm action={`/t/u/${token}`} {...data} />;
}
