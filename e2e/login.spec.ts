import { credentials, expect, screenshot, test } from './fixtures.ts';

test('signing in: a wrong password shows the API message, the right one opens the posture', async ({ page, consoleGuard }) => {
  // Signed out, the first visit asks /me (401: the one console error allowed) and goes to the login form.
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('heading', { name: /Pillar/ })).toBeVisible();

  const { email, password } = credentials('admin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(`${password}-wrong`);
  // Chromium logs every response with an error status: this 401 is the point of the step.
  consoleGuard.expectFailedResponse({ path: '/api/v1/auth/login', status: 401 });
  const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  const answer = await refused;
  expect(answer.status()).toBe(401);
  const body = (await answer.json()) as { error: { code: string; message: string } };
  expect(body.error.message).not.toBe('');
  await expect(page.getByRole('alert')).toHaveText(body.error.message);
  await expect(page).toHaveURL(/\/login$/);
  await screenshot(page, 'login-refused');

  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('region', { name: 'Organisation score' })).toBeVisible();
  await expect(page.getByRole('button', { name: new RegExp(email) })).toBeVisible();
  await expect(page.getByTestId('user-role')).toHaveText('admin');
  await screenshot(page, 'login-signed-in');
});
