import Link from 'next/link';

export const metadata = { title: 'Access denied' };

export default function Forbidden() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-3 p-8 text-center">
      <p className="text-sm font-semibold text-red-600">403</p>
      <h1 className="text-2xl font-semibold">You don&apos;t have access to this page</h1>
      <p className="text-gray-500">Ask an admin of your workspace for a different role.</p>
      <Link href="/" className="btn-primary mt-2">Back to the overview</Link>
    </main>
  );
}
