/** A client and the events API handler in a process of its own: posts request after request, reporting each acknowledged one. */
export {};

const { POST } = await import('@/app/api/v1/events/route');
const { ingestRequest } = await import('./ingest-requests');

const secret = process.argv[2];
for (let i = 0; ; i++) {
  const res = await POST(ingestRequest(secret, i), { params: Promise.resolve({}) });
  if (res.status !== 202) throw new Error(`request ${i}: HTTP ${res.status} ${await res.text()}`);
  process.send!({ acked: i });
}
