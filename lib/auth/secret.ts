import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { isServerless } from '@/lib/env';

let secret: string | undefined;

/**
 * The key that signs sessions and tracking links. Deployments set NEXTAUTH_SECRET; on one machine a random key is
 * kept in `.data/` so sessions survive restarts without any configuration.
 */
export function authSecret(): string {
  if (secret) return secret;
  const configured = process.env.NEXTAUTH_SECRET ?? process.env.AUTH_SECRET;
  if (configured) return (secret = configured);
  if (isServerless()) throw new Error('NEXTAUTH_SECRET: required on serverless deployments');
  const file = path.join(process.cwd(), '.data', 'auth-secret');
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  }
  secret = readFileSync(file, 'utf8').trim();
  process.env.NEXTAUTH_SECRET = secret;
  return secret;
}
