import { describe, expect, it } from 'vitest';
import { account, allDomains, score, severities } from '../../test/factories.ts';
import { filterAccounts, sortAccounts } from './accounts-table.ts';

const prod = account({ accountId: '111111111111', name: 'prod', overall: score({ score: 80 }), domains: allDomains({ iam: 40 }) });
const dev = account({ accountId: '222222222222', name: 'dev', overall: score({ score: 60 }), domains: allDomains({ iam: null }) });
const sandbox = account({ accountId: '333333333333', name: 'Sandbox', overall: score({ score: null }), domains: allDomains({ iam: 90 }) });
const items = [prod, dev, sandbox];

describe('filterAccounts', () => {
  it('matches the name case-insensitively or the id', () => {
    expect(filterAccounts(items, 'SAND').map((a) => a.name)).toEqual(['Sandbox']);
    expect(filterAccounts(items, '2222').map((a) => a.name)).toEqual(['dev']);
    expect(filterAccounts(items, '  ')).toHaveLength(3);
  });
});

describe('sortAccounts', () => {
  it('sorts names A to Z', () => {
    expect(sortAccounts(items, { key: 'name', desc: false }).map((a) => a.name)).toEqual(['dev', 'prod', 'Sandbox']);
  });

  it('sorts a domain worst first with "no data" last', () => {
    expect(sortAccounts(items, { key: 'iam', desc: false }).map((a) => a.name)).toEqual(['prod', 'Sandbox', 'dev']);
  });

  it('keeps "no data" last when sorting best first too', () => {
    expect(sortAccounts(items, { key: 'overall', desc: true }).map((a) => a.name)).toEqual(['prod', 'dev', 'Sandbox']);
  });

  it('sorts open findings by the most severe counts first', () => {
    const a = account({ name: 'a', openFindings: severities({ CRITICAL: 1 }) });
    const b = account({ name: 'b', openFindings: severities({ HIGH: 30 }) });
    expect(sortAccounts([b, a], { key: 'findings', desc: true }).map((x) => x.name)).toEqual(['a', 'b']);
  });

  it('does not change its input', () => {
    const copy = [...items];
    sortAccounts(items, { key: 'iam', desc: true });
    expect(items).toEqual(copy);
  });
});
