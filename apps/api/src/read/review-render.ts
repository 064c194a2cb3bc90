import { csvLine } from './csv.ts';
import { formatDelta, formatScore, type FindingListOut, type PairChangeOut, type WeeklyReviewOut } from './review.ts';

/** Text safe in a Markdown table cell: no line breaks, pipes, HTML or emphasis/link syntax. */
export function mdText(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  return value
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_{}[\]()#+!|~]/g, (c) => `\\${c}`)
    .trim();
}

function table(header: readonly string[], align: readonly ('l' | 'r')[], rows: readonly (readonly string[])[]): string {
  const sep = align.map((a) => (a === 'r' ? '---:' : '---'));
  return [header, sep, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function pairTable(pairs: readonly PairChangeOut[]): string {
  return table(
    ['Account', 'Control', 'Severity', 'Domain', 'Title'],
    ['l', 'l', 'l', 'l', 'l'],
    pairs.map((p) => [mdText(p.accountId), mdText(p.controlId), mdText(p.severity), mdText(p.domain ?? 'unmapped'), mdText(p.title)]),
  );
}

function findingSection(title: string, list: FindingListOut): string {
  const head = `## ${title} (${list.count})`;
  if (list.count === 0) return `${head}\n\nNone.`;
  const more = list.count > list.items.length ? `\n\nShowing ${list.items.length} of ${list.count}.` : '';
  const rows = list.items.map((f) => [mdText(f.severity), mdText(f.accountId), mdText(f.controlId), mdText(f.title), mdText(f.resources[0]?.Id)]);
  return `${head}\n\n${table(['Severity', 'Account', 'Control', 'Title', 'Resource'], ['l', 'l', 'l', 'l', 'l'], rows)}${more}`;
}

function pairSection(title: string, pairs: readonly PairChangeOut[], count: number): string {
  const head = `## ${title} (${count})`;
  if (count === 0) return `${head}\n\nNone.`;
  const more = count > pairs.length ? `\n\nShowing ${pairs.length} of ${count}.` : '';
  return `${head}\n\n${pairTable(pairs)}${more}`;
}

/** The weekly review as Markdown meeting notes. */
export function weeklyReviewMarkdown(r: WeeklyReviewOut): string {
  const scope = r.accountId === null ? 'the organisation' : `account ${r.accountId}`;
  const o = r.overall;
  const trend = o.delta === null ? '' : o.delta > 0 ? ', up' : o.delta < 0 ? ', down' : ', unchanged';
  const summary =
    `Overall score for ${scope}: ${formatScore(o.current)} at the end of ${r.week} against ${formatScore(o.previous)} ` +
    `at the end of ${r.previousWeek} (${formatDelta(o.delta)}${trend}). ` +
    `${plural(r.newlyFailingCount, 'control')} newly failing, ${r.noLongerFailingCount} no longer failing; ` +
    `${plural(r.newFindings.count, 'new finding')}, ${r.resolvedFindings.count} resolved, ${r.suppressedFindings.count} suppressed.`;

  const domains = table(
    ['Domain', 'Score', 'Previous', 'Change'],
    ['l', 'r', 'r', 'r'],
    [
      ...r.domains.map((d) => [mdText(d.name), formatScore(d.current), formatScore(d.previous), formatDelta(d.delta)]),
      ['**Overall**', formatScore(o.current), formatScore(o.previous), formatDelta(o.delta)],
    ],
  );

  const regressions = r.accounts.filter((a) => a.delta !== null && a.delta < 0).slice(0, 10);
  const accounts =
    regressions.length === 0
      ? 'No account regressed.'
      : table(
          ['Account', 'Name', 'Score', 'Previous', 'Change'],
          ['l', 'l', 'r', 'r', 'r'],
          regressions.map((a) => [mdText(a.accountId), mdText(a.name), formatScore(a.current), formatScore(a.previous), formatDelta(a.delta)]),
        );

  return [
    `# Weekly security review ${r.week}`,
    `${r.from} to ${r.to} (compared with ${r.previousWeek}). ${summary}`,
    `## Domains\n\n${domains}`,
    `## Biggest account regressions\n\n${accounts}`,
    pairSection('Newly failing', r.newlyFailing, r.newlyFailingCount),
    pairSection('No longer failing', r.noLongerFailing, r.noLongerFailingCount),
    findingSection('New findings', r.newFindings),
    findingSection('Resolved findings', r.resolvedFindings),
    findingSection('Suppressed findings', r.suppressedFindings),
  ].join('\n\n') + '\n';
}

const CSV_HEADER = ['section', 'key', 'name', 'accountId', 'controlId', 'findingId', 'severity', 'domain', 'title', 'current', 'previous', 'delta'];

/** The weekly review as one CSV table, a `section` column telling the rows apart. */
export function weeklyReviewCsv(r: WeeklyReviewOut): string {
  const lines = [csvLine(CSV_HEADER)];
  const row = (v: Partial<Record<(typeof CSV_HEADER)[number], string | number | null>>) => lines.push(csvLine(CSV_HEADER.map((h) => v[h] ?? null)));
  row({ section: 'overall', key: 'overall', name: 'Overall', current: r.overall.current.score, previous: r.overall.previous.score, delta: r.overall.delta });
  for (const d of r.domains) row({ section: 'domain', key: d.key, name: d.name, current: d.current.score, previous: d.previous.score, delta: d.delta });
  for (const a of r.accounts) row({ section: 'account', accountId: a.accountId, name: a.name, current: a.current.score, previous: a.previous.score, delta: a.delta });
  const pairs = (section: string, list: readonly PairChangeOut[]) => {
    for (const p of list) row({ section, accountId: p.accountId, controlId: p.controlId, severity: p.severity, domain: p.domain, title: p.title });
  };
  pairs('newly_failing', r.newlyFailing);
  pairs('no_longer_failing', r.noLongerFailing);
  const findings = (section: string, list: FindingListOut) => {
    for (const f of list.items) {
      row({ section, accountId: f.accountId, controlId: f.controlId, findingId: f.id, severity: f.severity, domain: f.domain, title: f.title });
    }
  };
  findings('new_finding', r.newFindings);
  findings('resolved_finding', r.resolvedFindings);
  findings('suppressed_finding', r.suppressedFindings);
  return lines.join('');
}
