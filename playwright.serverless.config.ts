import { defineConfig } from '@playwright/test';
import base from './playwright.config';

/**
 * The serverless journey: each `*.journey.ts` starts its own production server the way Vercel runs it (read-only app
 * directory, no worker, jobs only through signed Inngest calls), so there is no shared web server here.
 */
export default defineConfig({
  ...base,
  testMatch: '**/*.journey.ts',
  timeout: 300_000,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/serverless-results.json' }]],
  outputDir: 'test-results/serverless',
  globalSetup: undefined,
  webServer: undefined,
  use: { ...base.use, baseURL: undefined },
});
