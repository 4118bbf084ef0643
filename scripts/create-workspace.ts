/**
 * `npm run workspace:create -- --name "Acme" --slug acme --email you@acme.com --owner "Your Name" [--time-zone Europe/London]`
 * creates a workspace and its first admin in the configured database: how a fresh deployment gets its first user.
 * The password comes from HERALD_OWNER_PASSWORD or is asked for (not echoed), so it stays out of shell history.
 */
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { ZodError } from 'zod';
import { disconnectDb } from '@/lib/db';
import { createWorkspace } from '@/lib/workspaces/create';

function askHidden(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput.bind(rl);
  let asked = false;
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => (asked ? undefined : ((asked = true), write(s)));
  return new Promise((resolve) =>
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    }),
  );
}

async function main() {
  const { values } = parseArgs({
    options: { name: { type: 'string' }, slug: { type: 'string' }, email: { type: 'string' }, owner: { type: 'string' }, 'time-zone': { type: 'string' } },
  });
  const password = process.env.HERALD_OWNER_PASSWORD ?? (process.stdin.isTTY ? await askHidden('Password for the first admin: ') : '');
  const made = await createWorkspace({
    name: values.name ?? '',
    slug: values.slug ?? '',
    timeZone: values['time-zone'],
    owner: { email: values.email ?? '', name: values.owner ?? '', password },
  });
  console.log(`Workspace "${made.workspace.name}" (${made.workspace.slug}) created; ${made.owner.email} is its admin.`);
}

main()
  .catch((err) => {
    if (err instanceof ZodError) for (const issue of err.issues) console.error(`${issue.path.join('.') || 'input'}: ${issue.message}`);
    else console.error((err as Error).message);
    process.exitCode = 1;
  })
  .finally(() => disconnectDb());
