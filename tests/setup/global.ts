import type { TestProject } from 'vitest/node';
import { createTestDatabase } from './pg';

/** One fresh PostgreSQL database per run when TEST_DATABASE_URL is set; otherwise each file uses in-memory PGlite. */
export default async function setup(project: TestProject) {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) return;
  const db = await createTestDatabase(base);
  project.provide('databaseUrl', db.url);
  return async () => {
    await db.drop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl?: string;
  }
}
