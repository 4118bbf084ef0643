import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-3 p-8 text-center">
      <p className="text-sm font-semibold text-indigo-600">404</p>
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="text-gray-500">The page you asked for does not exist or was moved.</p>
      <Link href="/" className="btn-primary mt-2">Back to the overview</Link>
    </main>
  );
}
