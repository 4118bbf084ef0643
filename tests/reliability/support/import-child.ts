/** A contact import worker in a process of its own (so a test can SIGKILL it mid-import): runs the import named in argv. */
export {};

const { runImport } = await import('@/lib/imports/run');

const outcome = await runImport(process.argv[2], { batchSize: Number(process.argv[3] ?? 100) });
process.send!({ outcome });
process.exit(0);
