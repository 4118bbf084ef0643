// `npm run vercel-build` runs this first: a serverless build without its managed services stops here, naming every
// missing variable, instead of failing later on a database it cannot reach.
import { assertDeployable, envSchema } from '../lib/env';

try {
  assertDeployable(envSchema.parse(process.env));
} catch (err) {
  console.error(`\n${(err as Error).message}\n`);
  process.exit(1);
}
