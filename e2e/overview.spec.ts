import type { AccountsResponse, Posture, Severities } from '../apps/web/src/api/types.ts';
import { apiGet, expect, expectNoBrokenText, formatCount, formatCounts, formatScore, screenshot, test } from './fixtures.ts';
import { e2eEnv } from './scenario.ts';

test.use({ role: 'admin' });

const SEVERITY_WORDS: [keyof Severities, string][] = [
  ['CRITICAL', 'Critical'],
  ['HIGH', 'High'],
  ['MEDIUM', 'Medium'],
  ['LOW', 'Low'],
  ['INFORMATIONAL', 'Informational'],
];

/** "39 Critical", "116 High", ... for the severities with open findings, as the page lists them. */
function severityItems(counts: Severities, withInformational = true): string[] {
  return SEVERITY_WORDS.filter(([s]) => counts[s] > 0 && (withInformational || s !== 'INFORMATIONAL')).map(
    ([s, word]) => `${formatCount(counts[s])} ${word}`,
  );
}

test("the overview shows the API's numbers", async ({ page }) => {
  await page.goto('/');
  const org = page.getByRole('region', { name: 'Organisation score' });
  await expect(org).toBeVisible();

  // The page's own request context: the same session cookie as the page.
  const posture = await apiGet<Posture>(page, '/api/v1/posture');
  const accounts = await apiGet<AccountsResponse>(page, '/api/v1/accounts');
  expect(posture.date).toBe(e2eEnv('today'));
  await expect(page.getByRole('group', { name: 'As of date' }).getByRole('textbox')).toHaveValue(posture.date);

  // The organisation: score (one decimal), its counts beside it and on hover, open findings by severity.
  const orgScore = org.locator('.score-number').first();
  await expect(orgScore.locator('.score-text')).toHaveText(formatScore(posture.overall.score));
  await expect(orgScore).toHaveAttribute('title', formatCounts(posture.overall));
  await expect(org.locator('p.score-counts')).toContainText(formatCounts(posture.overall));
  await expect(org.getByRole('list', { name: 'Open findings by severity' }).getByRole('listitem')).toHaveText(
    severityItems(posture.openFindings),
  );

  // The five domains, in the API's order, each with its score and counts.
  const cards = page.getByRole('list', { name: 'Security domains' }).locator('article[data-domain]');
  await expect(cards).toHaveCount(5);
  expect(await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-domain')))).toEqual(posture.domains.map((d) => d.key));
  for (const domain of posture.domains) {
    const card = page.locator(`article[data-domain="${domain.key}"]`);
    await expect(card.locator('.score-text'), domain.key).toHaveText(formatScore(domain.score));
    await expect(card.locator('.domain-card-counts'), domain.key).toHaveText(formatCounts(domain));
    if (domain.openFindings) {
      await expect(card.getByRole('listitem'), domain.key).toHaveText(severityItems(domain.openFindings, false));
    }
  }

  // Accounts x domains: every account's overall and five domain scores.
  const heatmap = page.getByRole('table', { name: 'Accounts by domain score' });
  await expect(heatmap.locator('tbody tr')).toHaveCount(accounts.items.length);
  for (const account of accounts.items) {
    const row = heatmap.locator('tbody tr').filter({ hasText: account.accountId });
    await expect(row.getByRole('link')).toHaveText(account.name);
    await expect(row.locator('.score-text'), account.name).toHaveText([
      formatScore(account.overall.score),
      ...account.domains.map((d) => formatScore(d.score)),
    ]);
  }

  await expectNoBrokenText(page);
  // The README's picture: the last 30 days (the run replays 21), then the shot at 1280x800.
  await page.getByRole('group', { name: 'Range' }).getByRole('button', { name: '30d' }).click();
  await expect(page).toHaveURL(/[?&]range=30\b/);
  await expect(page.locator('.recharts-line').first()).toBeVisible();
  await screenshot(page, 'overview', { docs: true });
});
