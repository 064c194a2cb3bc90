import type { Me, SyncRun, SyncsResponse } from '../apps/web/src/api/types.ts';
import { apiGet, expect, formatCount, screenshot, test } from './fixtures.ts';
import { e2eEnv } from './scenario.ts';

const ADMIN_BUTTONS = /^(Sync now|Full reconciliation|Start a sync)$/;

test.describe('a viewer', () => {
  test.use({ role: 'viewer' });

  test('sees no admin action, and the API refuses one', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('region', { name: 'Organisation score' })).toBeVisible();
    await expect(page.getByTestId('user-role')).toHaveText('viewer');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link')).toHaveText(['Posture', 'Accounts', 'Weekly review']);
    await expect(page.getByRole('button', { name: ADMIN_BUTTONS })).toHaveCount(0);
    // "last synced" is plain text for a viewer, not a link to the Syncs page.
    await expect(page.locator('.last-sync')).toContainText('last synced');
    await expect(page.locator('.last-sync a')).toHaveCount(0);

    // Typed by hand, /syncs says what it is and offers nothing.
    await page.goto('/syncs');
    await expect(page.getByText('This page is for admins. Your role is viewer.')).toBeVisible();
    await expect(page.getByRole('button', { name: ADMIN_BUTTONS })).toHaveCount(0);
    await screenshot(page, 'viewer-syncs');

    // And the API refuses the action anyway, with a valid CSRF token: the role is what stops it.
    const me = await apiGet<Me>(page, '/api/v1/me');
    const refused = await page.request.post('/api/v1/syncs', { data: {}, headers: { 'x-csrf-token': me.csrfToken ?? '' } });
    expect(refused.status()).toBe(403);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.message).not.toContain('x-csrf-token');
  });
});

test.describe('an admin', () => {
  test.use({ role: 'admin' });

  test('starts a sync from the Syncs page and watches it to the end', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByTestId('user-role')).toHaveText('admin');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link')).toHaveText(['Posture', 'Accounts', 'Weekly review', 'Syncs']);
    await nav.getByRole('link', { name: 'Syncs' }).click();
    await expect(page).toHaveURL(/\/syncs$/);
    await expect(page.getByRole('heading', { name: 'Syncs', level: 1 })).toBeVisible();

    const before = await apiGet<SyncsResponse>(page, '/api/v1/syncs');
    const runs = page.getByRole('table', { name: 'Sync runs, newest first' }).locator('tbody > tr:not(.expand-row)');
    await expect(runs).toHaveCount(before.items.length);

    const started = page.waitForResponse((r) => r.url().endsWith('/api/v1/syncs') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Sync now' }).click();
    const answer = await started;
    expect(answer.status()).toBe(202);
    const { id } = (await answer.json()) as { id: string };

    // Its progress, live, until it ends.
    const current = page.getByTestId('current-sync');
    await expect(current.getByRole('heading')).toContainText(`Sync for ${e2eEnv('today')}`);
    await expect(current.getByRole('progressbar', { name: 'Parts finished' })).toBeVisible();
    await expect(current.locator('.status-badge')).toHaveText('succeeded', { timeout: 45_000 });
    const run = await apiGet<SyncRun>(page, `/api/v1/syncs/${id}`);
    expect(run.status).toBe('succeeded');
    expect(run.progress.done).toBe(run.progress.total);
    await expect(current).toContainText(`${formatCount(run.progress.done)} of ${formatCount(run.progress.total)} parts done · ${formatCount(run.progress.failed)} failed`);
    await expect(current).toContainText(`${formatCount(run.findingsRead)} findings read`);
    for (const part of run.parts ?? []) {
      expect(part.status).toBe('succeeded');
    }
    await expect(current.getByRole('table').locator('tbody tr')).toHaveCount(run.parts?.length ?? 0);

    // The new run heads the past runs (the API's first page of them).
    const after = await apiGet<SyncsResponse>(page, '/api/v1/syncs');
    expect(after.items[0]?.id).toBe(id);
    expect(after.items.some((r) => r.id === before.items[0]?.id)).toBe(true);
    await expect(runs).toHaveCount(after.items.length);
    await expect(runs.first().locator('td').first()).toHaveText(run.asOf);
    await expect(runs.first().locator('.status-badge')).toHaveText('succeeded');
    await screenshot(page, 'syncs');
  });
});
