import { expect, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../lib/demo/users';

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
}

/**
 * Opens a page and waits until React has moved its streamed parts into place: until then each sits in a hidden copy
 * at the end of the body, so a test id briefly matches two elements.
 */
export async function openPage(page: Page, url: string) {
  await page.goto(url);
  await page.waitForFunction(() => document.querySelector('div[hidden][id^="S:"]') === null);
}

/**
 * A screenshot of the visible window for reviewers: into test-results/screenshots on every run, and over the committed
 * copy in docs/screenshots only with UPDATE_SCREENSHOTS=1, so running the suite leaves the working tree clean.
 */
export async function reviewerShot(page: Page, name: string) {
  const dir = process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results/screenshots';
  await page.screenshot({ path: `${dir}/${name}.png` });
}

/** An id from one of the builder's list APIs (`items` of `{ id, name }`), by name, with the page's session. */
export async function idByName(page: Page, url: string, name: string): Promise<string> {
  const res = await page.request.get(url);
  expect(res.ok(), url).toBe(true);
  const found = ((await res.json()).items as { id: string; name: string }[]).find((x) => x.name === name);
  expect(found, name).toBeDefined();
  return found!.id;
}
