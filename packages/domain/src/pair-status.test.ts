import { describe, expect, it } from 'vitest';
import {
  combineStatus,
  combineStatuses,
  configStatus,
  findingStatus,
  PAIR_STATUSES,
  pairKey,
  pairStatuses,
  pairStatusOfConfig,
  pairStatusOfFindings,
  parsePairKey,
} from './pair-status.ts';
import type { PairStatus } from './pair-status.ts';

type Check = { accountId: string; region: string; controlId: string; complianceStatus: string | null; countsForScore: boolean; isControlCheck: boolean };

const check = (complianceStatus: string | null, over: Partial<Check> = {}): Check => ({
  accountId: '111111111111',
  region: 'eu-west-1',
  controlId: 'IAM.1',
  complianceStatus,
  countsForScore: true,
  isControlCheck: true,
  ...over,
});

describe('pairStatusOfFindings', () => {
  it('is FAILED when at least one counting finding fails', () => {
    expect(pairStatusOfFindings([check('PASSED'), check('WARNING'), check('FAILED')])).toBe('FAILED');
  });

  it('is UNKNOWN when none fails and one is WARNING, NOT_AVAILABLE or unexpected', () => {
    expect(pairStatusOfFindings([check('PASSED'), check('WARNING')])).toBe('UNKNOWN');
    expect(pairStatusOfFindings([check('NOT_AVAILABLE')])).toBe('UNKNOWN');
    expect(pairStatusOfFindings([check('PASSED'), check('SOMETHING_NEW')])).toBe('UNKNOWN');
  });

  it('is PASSED when every counting finding passes', () => {
    expect(pairStatusOfFindings([check('PASSED'), check('PASSED')])).toBe('PASSED');
  });

  it('is NO_DATA when the pair has findings but none counts', () => {
    expect(pairStatusOfFindings([check('FAILED', { countsForScore: false }), check('PASSED', { countsForScore: false })])).toBe(
      'NO_DATA',
    );
  });

  it('ignores an archived or suppressed failure next to a counting pass', () => {
    expect(pairStatusOfFindings([check('FAILED', { countsForScore: false }), check('PASSED')])).toBe('PASSED');
  });

  it('gives a finding that does not count no say at all', () => {
    expect(findingStatus(check('FAILED', { countsForScore: false }))).toBe('NO_DATA');
  });
});

describe('combineStatus is a monoid', () => {
  it('is associative over every triple of statuses', () => {
    for (const a of PAIR_STATUSES)
      for (const b of PAIR_STATUSES)
        for (const c of PAIR_STATUSES)
          expect(combineStatus(combineStatus(a, b), c)).toBe(combineStatus(a, combineStatus(b, c)));
  });

  it('has NO_DATA as identity and is commutative', () => {
    for (const a of PAIR_STATUSES) {
      expect(combineStatus('NO_DATA', a)).toBe(a);
      expect(combineStatus(a, 'NO_DATA')).toBe(a);
      for (const b of PAIR_STATUSES) expect(combineStatus(a, b)).toBe(combineStatus(b, a));
    }
  });

  it('orders FAILED over UNKNOWN over PASSED over NO_DATA', () => {
    expect(combineStatuses(['PASSED', 'UNKNOWN'])).toBe('UNKNOWN');
    expect(combineStatuses(['UNKNOWN', 'FAILED', 'PASSED'])).toBe('FAILED');
    expect(combineStatuses([])).toBe('NO_DATA');
  });

  it('combines per-region statuses into the status over all findings', () => {
    // A deterministic pseudo-random walk over many small mixes of regions and statuses.
    const statuses = ['PASSED', 'FAILED', 'WARNING', 'NOT_AVAILABLE', null];
    const regions = ['eu-west-1', 'us-east-1', 'ap-south-1'];
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let round = 0; round < 200; round += 1) {
      const findings = Array.from({ length: 1 + next(6) }, () =>
        check(statuses[next(statuses.length)] ?? null, { region: regions[next(3)] ?? 'eu-west-1', countsForScore: next(4) > 0 }),
      );
      const perRegion = regions.map((region) => pairStatusOfFindings(findings.filter((f) => f.region === region)));
      expect(combineStatuses(perRegion)).toBe(pairStatusOfFindings(findings));
    }
  });
});

describe('Config-rule pairs', () => {
  it('map compliance types to statuses, leaving NOT_APPLICABLE out', () => {
    expect(configStatus('NON_COMPLIANT')).toBe('FAILED');
    expect(configStatus('COMPLIANT')).toBe('PASSED');
    expect(configStatus('NOT_APPLICABLE')).toBe('NO_DATA');
    expect(configStatus('INSUFFICIENT_DATA')).toBe('NO_DATA');
  });

  it('are FAILED on any NON_COMPLIANT, else PASSED on any COMPLIANT, else NO_DATA', () => {
    expect(pairStatusOfConfig(['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE'])).toBe('FAILED');
    expect(pairStatusOfConfig(['COMPLIANT', 'NOT_APPLICABLE', 'INSUFFICIENT_DATA'])).toBe('PASSED');
    expect(pairStatusOfConfig(['NOT_APPLICABLE'])).toBe('NO_DATA');
    expect(pairStatusOfConfig([])).toBe('NO_DATA');
  });

  it('give the same answer from per-region aggregator summaries as from all evaluations', () => {
    const regionA = ['COMPLIANT', 'NOT_APPLICABLE'];
    const regionB = ['NON_COMPLIANT', 'COMPLIANT'];
    const fromRegions = combineStatuses([pairStatusOfConfig(regionA), pairStatusOfConfig(regionB)]);
    expect(fromRegions).toBe(pairStatusOfConfig([...regionA, ...regionB]));
  });
});

describe('pairStatuses', () => {
  it('groups control checks by account and control and skips other findings', () => {
    const statuses = pairStatuses([
      check('PASSED'),
      check('FAILED', { region: 'us-east-1' }),
      check('PASSED', { accountId: '222222222222' }),
      check(null, { controlId: 'GuardDuty', isControlCheck: false }),
    ]);
    expect(Object.fromEntries(statuses)).toEqual<Record<string, PairStatus>>({
      '111111111111|IAM.1': 'FAILED',
      '222222222222|IAM.1': 'PASSED',
    });
  });

  it('round-trips a pair key holding slashes and colons', () => {
    const key = pairKey('111111111111', 'cis-aws-foundations-benchmark/v/1.2.0/1.4');
    expect(parsePairKey(key)).toEqual({ accountId: '111111111111', controlId: 'cis-aws-foundations-benchmark/v/1.2.0/1.4' });
    expect(parsePairKey(pairKey('111111111111', 'config:a|b')).controlId).toBe('config:a|b');
  });
});
