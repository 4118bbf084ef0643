/** A dispatcher in a process of its own (so a test can SIGKILL it mid-dispatch): dispatches the campaign named in argv, then exits. */
export {};

const { dispatchCampaign } = await import('@/lib/delivery/dispatch');
const { closeTransport } = await import('@/lib/delivery/transport');
const { disconnectDb } = await import('@/lib/db');

const result = await dispatchCampaign(process.argv[2], { maxMs: 10 * 60_000 });
process.send!({ result });
await closeTransport();
await disconnectDb();
process.exit(0);
