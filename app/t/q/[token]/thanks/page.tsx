import { notFound } from 'next/navigation';
import { QrLanding } from '@/components/tracking/qr-landing';
import { qrLandingData } from '@/lib/qr/scan';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Your code' };

export default async function QrThanksPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const data = await qrLandingData(token);
  if (!data) notFound();
  return <QrLanding {...data} />;
}
