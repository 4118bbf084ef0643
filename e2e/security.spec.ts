import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD } from '../lib/demo/users';
import { signIn } from './helpers';

test.describe('web security', () => {
  test('pages carry a nonce CSP that the app runs under without violations', async ({ page }) => {
    const violations: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    const res = await page.goto('/sign-in');
    const csp = res!.headers()['content-security-policy'];
    expect(csp).toMatch(/'nonce-[^']+'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res!.headers()['x-content-type-options']).toBe('nosniff');
    await signIn(page, 'viewer@herald.test');
    expect(violations).toEqual([]);
  });

  test('a callbackUrl naming another host is not followed after sign-in', async ({ page }) => {
    await page.goto('/sign-in?callbackUrl=/%5Cevil.example/phish');
    await page.getByLabel('Email').fill('viewer@herald.test');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
    expect(new URL(page.url()).host).toBe(new URL(test.info().project.use.baseURL!).host);
  });

  test('a session cookie copied before sign-out stops working after it', async ({ page, browser, baseURL }) => {
    await signIn(page, 'viewer@herald.test');
    const copied = await page.context().cookies();
    expect((await page.request.get('/api/v1/me')).status()).toBe(200);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    const thief = await browser.newContext({ baseURL });
    await thief.addCookies(copied);
    expect((await thief.request.get('/api/v1/me')).status()).toBe(401);
    await thief.close();
  });
});
