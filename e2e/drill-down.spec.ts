import type { AccountDetail, AccountsResponse, FindingsPage, Posture } from '../apps/web/src/api/types.ts';
import { apiGet, expect, expectNoBrokenText, formatCount, formatCounts, formatScore, screenshot, test } from './fixtures.ts';
import { e2eEnv } from './scenario.ts';

test.use({ role: 'admin' });

test('drill-down: a domain, then an account, then a failing control, then its findings', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('region', { name: 'Organisation score' })).toBeVisible();
  const posture = await apiGet<Posture>(page, '/api/v1/posture');
  const accounts = await apiGet<AccountsResponse>(page, '/api/v1/accounts');

  // 1. The weakest domain's card opens the accounts, worst first in that domain.
  const scored = posture.domains.filter((d) => d.score !== null);
  const domain = scored.reduce((worst, d) => ((d.score ?? 0) < (worst.score ?? 0) ? d : worst));
  await page.locator(`article[data-domain="${domain.key}"]`).getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/accounts\\?sort=${domain.key}$`));
  await expect(page.getByRole('heading', { name: 'Accounts', level: 1 })).toBeVisible();

  const scoreIn = (a: AccountsResponse['items'][number]) => a.domains.find((d) => d.key === domain.key)?.score ?? null;
  const expected = [...accounts.items].sort((a, b) => {
    const sa = scoreIn(a);
    const sb = scoreIn(b);
    if (sa === null || sb === null) return sa === sb ? a.name.localeCompare(b.name) : sa === null ? 1 : -1;
    return sa - sb || a.name.localeCompare(b.name) || a.accountId.localeCompare(b.accountId);
  });
  const table = page.getByRole('table', { name: 'Accounts by domain score and open findings' });
  await expect(table.locator('tbody tr th a')).toHaveText(expected.map((a) => a.name));
  const domainColumn = 2 + posture.domains.findIndex((d) => d.key === domain.key); // account, overall, domains...
  await expect(table.locator(`tbody tr td:nth-child(${domainColumn + 1}) .score-text`)).toHaveText(
    expected.map((a) => formatScore(scoreIn(a))),
  );
  await screenshot(page, 'accounts-by-domain');

  // 2. The worst account in that domain.
  const target = expected[0];
  if (!target) throw new Error('the API listed no account');
  await table.getByRole('link', { name: target.name, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/accounts/${target.accountId}$`));
  const detail = await apiGet<AccountDetail>(page, `/api/v1/accounts/${target.accountId}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`${detail.name} (${detail.accountId})`);
  const headline = page.getByRole('region', { name: 'Account score' });
  await expect(headline.locator('.score-text').first()).toHaveText(formatScore(detail.overall.score));
  await expect(headline.locator('p.score-counts')).toHaveText(formatCounts(detail.overall));
  for (const d of detail.domains) {
    await expect(page.locator(`article[data-domain="${d.key}"] .score-text`), d.key).toHaveText(formatScore(d.score));
  }
  const failing = detail.controls.filter((c) => c.status === 'FAILED');
  await expect(page.getByText(`${formatCount(failing.length)} failing as of ${e2eEnv('today')}`)).toBeVisible();
  const controlsTable = page.locator('#controls-title').locator('xpath=ancestor::section[1]').getByRole('table');
  await expect(controlsTable.locator('tbody tr')).toHaveCount(failing.length);
  await expectNoBrokenText(page);
  // The README's picture shows the last 30 days of trend (the run replays 21).
  await page.getByRole('group', { name: 'Range' }).getByRole('button', { name: '30d' }).click();
  await expect(page).toHaveURL(/[?&]range=30\b/);
  await screenshot(page, 'account', { docs: true });

  // 3. A failing control with open findings (Security Hub controls have them; Config rules carry none).
  let control: (typeof failing)[number] | undefined;
  let findings: FindingsPage | undefined;
  for (const c of failing) {
    const page1 = await apiGet<FindingsPage>(page, `/api/v1/findings?accountId=${detail.accountId}&controlId=${encodeURIComponent(c.controlId)}&open=true`);
    if (page1.items.length > 0) {
      control = c;
      findings = page1;
      break;
    }
  }
  if (!control || !findings) throw new Error(`no failing control of ${detail.accountId} has an open finding`);
  const row = controlsTable.locator('tbody tr').filter({ hasText: control.controlId }).first();
  await expect(row.locator('td').nth(4)).toHaveText(formatCount(control.failedResources));
  await expect(row.locator('td').nth(5)).toHaveText(control.failingSince ?? '—');
  await row.getByRole('button', { name: `Show failing resources of ${control.controlId}` }).click();
  const expanded = page.locator(`[id="control-${control.controlId}"]`);
  // The expanded row asks for 50 findings at most; the API's first page (default 100) tells how many there are.
  const listed = Math.min(findings.items.length, 50);
  const more = findings.items.length > 50 || findings.nextCursor !== null;
  await expect(expanded).toContainText(`${formatCount(listed)}${more ? '+' : ''} open finding${listed === 1 && !more ? '' : 's'}`);
  await expect(expanded.getByRole('listitem')).toHaveCount(listed + (more ? 1 : 0));

  // 4. Its findings: the table narrowed to the control, then one finding's details.
  await expanded.getByRole('button', { name: /Show its findings/ }).click();
  await expect(page).toHaveURL(new RegExp(`fcontrol=${encodeURIComponent(control.controlId)}`));
  const findingsSection = page.locator('#findings');
  const findingsTable = findingsSection.getByRole('table', { name: `Findings of account ${detail.accountId}` });
  await expect(findingsTable.locator('tbody tr')).toHaveCount(findings.items.length);
  await expect(findingsTable.locator('tbody tr td:nth-child(2)')).toHaveText(findings.items.map((f) => f.title));
  await expect(findingsSection.locator('.table-footer')).toContainText(
    `${formatCount(findings.items.length)} finding${findings.items.length === 1 ? '' : 's'} shown${findings.nextCursor === null ? '' : ', more available'}`,
  );
  await expectNoBrokenText(page);

  const finding = findings.items[0];
  if (!finding) throw new Error('unreachable');
  await findingsTable.getByRole('button', { name: finding.title }).first().click();
  const drawer = page.getByRole('dialog', { name: finding.title });
  await expect(drawer).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`finding=${finding.id}`));
  const fact = (name: string) => drawer.locator('dt', { hasText: new RegExp(`^${name}$`) }).locator('xpath=following-sibling::dd[1]');
  await expect(fact('Severity')).toHaveText(finding.severity);
  await expect(fact('Workflow')).toHaveText(finding.workflowStatus);
  await expect(fact('Control')).toHaveText(finding.controlId ?? '—');
  await expect(fact('Account')).toHaveText(finding.accountId);
  await expect(fact('Region')).toHaveText(finding.region);
  for (const resource of finding.resources) await expect(fact('Resources')).toContainText(resource.Id ?? '');
  await screenshot(page, 'finding');
});
