import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import type { WeeklyReview } from '../apps/web/src/api/types.ts';
import { apiGet, expect, expectNoBrokenText, formatCount, formatScore, lastFullWeekOf, screenshot, test } from './fixtures.ts';
import { e2eEnv } from './scenario.ts';

test.use({ role: 'admin' });

async function download(page: Page, button: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), text: await readFile(path, 'utf8') };
}

test("last week's review shows the simulator's changes and exports them", async ({ page }) => {
  // The default week: the last full ISO week.
  await page.goto('/reviews/weekly');
  const week = lastFullWeekOf(e2eEnv('today'));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Weekly review ${week}`);
  const review = await apiGet<WeeklyReview>(page, '/api/v1/reviews/weekly');
  expect(review.week).toBe(week);

  // The simulated organisation changed during the week: the review has something to say.
  const newlyFailing = review.newlyFailingCount ?? review.newlyFailing.length;
  const noLongerFailing = review.noLongerFailingCount ?? review.noLongerFailing.length;
  expect(newlyFailing + noLongerFailing, 'controls that changed state').toBeGreaterThan(0);
  expect(review.newFindings.count + review.resolvedFindings.count + review.suppressedFindings.count, 'findings that changed').toBeGreaterThan(0);

  // The summary sentence carries the API's numbers.
  const sentence = page.getByTestId('review-sentence');
  await expect(sentence).toContainText(`Organisation ${formatScore(review.overall.previous.score)} → ${formatScore(review.overall.current.score)}`);
  await expect(sentence).toContainText(
    `${formatCount(newlyFailing)} control${newlyFailing === 1 ? '' : 's'} started failing, ${formatCount(noLongerFailing)} stopped; ` +
      `${formatCount(review.newFindings.count)} new finding${review.newFindings.count === 1 ? '' : 's'}, ` +
      `${formatCount(review.resolvedFindings.count)} resolved, ${formatCount(review.suppressedFindings.count)} suppressed.`,
  );
  await expect(page.getByRole('heading', { name: `Newly failing (${formatCount(newlyFailing)})` })).toBeVisible();
  await expect(page.getByRole('heading', { name: `No longer failing (${formatCount(noLongerFailing)})` })).toBeVisible();
  const tabs = page.getByRole('tablist', { name: 'Findings of the week' }).getByRole('tab');
  await expect(tabs).toHaveText([
    `New (${formatCount(review.newFindings.count)})`,
    `Resolved (${formatCount(review.resolvedFindings.count)})`,
    `Suppressed (${formatCount(review.suppressedFindings.count)})`,
  ]);
  // The selected tab lists the new findings (up to the 500 the API sends).
  await expect(page.getByRole('tabpanel', { name: /^New/ }).locator('tbody tr')).toHaveCount(review.newFindings.items.length);
  await expectNoBrokenText(page);
  await screenshot(page, 'weekly-review', { docs: true });

  // The meeting notes: Markdown and CSV, downloaded through the page.
  const markdown = await download(page, '⤓ Markdown');
  expect(markdown.name).toContain(week);
  expect(markdown.text.length).toBeGreaterThan(0);
  expect(markdown.text).toContain(week);
  expect(markdown.text).toContain(`${formatCount(review.newFindings.count)} new findings`);

  const csv = await download(page, '⤓ CSV');
  expect(csv.name).toContain(week);
  expect(csv.name.endsWith('.csv')).toBe(true);
  const rows = csv.text.trim().split('\n');
  expect(rows.length).toBeGreaterThan(1);
  const section = (name: string) => rows.filter((r) => r.startsWith(`${name},`)).length;
  expect(section('newly_failing')).toBe(Math.min(newlyFailing, review.newlyFailing.length));
  expect(section('no_longer_failing')).toBe(Math.min(noLongerFailing, review.noLongerFailing.length));
  expect(section('new_finding')).toBe(review.newFindings.count);
  expect(section('resolved_finding')).toBe(review.resolvedFindings.count);
  expect(section('suppressed_finding')).toBe(review.suppressedFindings.count);
});
