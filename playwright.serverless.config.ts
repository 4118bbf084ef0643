import { defineConfig } from '@playwright/test';
import base from './playwright.config';

/**
 * The production-server journeys: each `*.journey.ts` starts its own production build (as Vercel runs it, or killed
 * and restarted mid-dispatch), so there is no shared web server here.
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
