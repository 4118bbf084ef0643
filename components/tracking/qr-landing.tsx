/** Where a scanned QR code lands when no landing URL is configured: the code, readable at a desk. */
export function QrLanding({ code, redeemed }: { code: string; redeemed: boolean }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-3 p-8 text-center">
      <h1 className="text-2xl font-semibold">{redeemed ? 'This code was already used' : 'Thanks for scanning'}</h1>
      <p className="font-mono text-3xl tracking-widest">{code}</p>
      <p className="text-gray-500">{redeemed ? 'Each code can be redeemed once.' : 'Show this code at the desk to redeem it.'}</p>
    </main>
  );
}
