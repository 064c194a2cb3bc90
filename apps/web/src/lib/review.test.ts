import { describe, expect, it } from 'vitest';
import { accountChange, pair, score, weeklyReview } from '../../test/factories.ts';
import { accountMovers, groupByDomain, reviewSentence } from './review.ts';

describe('reviewSentence', () => {
  it('says how the organisation moved and what changed', () => {
    const review = weeklyReview({
      newlyFailing: Array.from({ length: 12 }, (_, i) => pair({ controlId: `S3.${i}` })),
      noLongerFailing: Array.from({ length: 20 }, (_, i) => pair({ controlId: `EC2.${i}` })),
      newFindings: { count: 48, items: [] },
      resolvedFindings: { count: 61, items: [] },
      suppressedFindings: { count: 3, items: [] },
    });
    expect(reviewSentence(review)).toBe(
      'Organisation 71.2 → 73.0 (▲ +1.8). 12 controls started failing, 20 stopped; 48 new findings, 61 resolved, 3 suppressed.',
    );
  });

  it('leaves the delta out when a week has no score', () => {
    const review = weeklyReview({ overall: { current: score({ score: 73 }), previous: score({ score: null }), delta: null } });
    expect(reviewSentence(review)).toMatch(/^Organisation no data → 73\.0\. /);
  });

  it('marks a list cut at 500 items as "500+"', () => {
    const review = weeklyReview({ newlyFailing: Array.from({ length: 500 }, (_, i) => pair({ controlId: `X.${i}` })) });
    expect(reviewSentence(review)).toContain('500+ controls started failing');
  });

  it("prefers the API's exact counts to the lists' lengths", () => {
    const review = weeklyReview({
      newlyFailing: Array.from({ length: 500 }, (_, i) => pair({ controlId: `X.${i}` })),
      newlyFailingCount: 1234,
      noLongerFailing: [pair()],
      noLongerFailingCount: 1,
    });
    expect(reviewSentence(review)).toContain('1,234 controls started failing, 1 stopped;');
  });

  it('uses the singular for one', () => {
    const review = weeklyReview({ newlyFailing: [pair()], newFindings: { count: 1, items: [] } });
    expect(reviewSentence(review)).toContain('1 control started failing, 0 stopped; 1 new finding,');
  });
});

describe('accountMovers', () => {
  it('lists the biggest regressions and improvements first, leaving out flat and unknown changes', () => {
    const { regressions, improvements } = accountMovers([
      accountChange('a', -1),
      accountChange('b', -5),
      accountChange('c', 0),
      accountChange('d', null),
      accountChange('e', 2),
      accountChange('f', 7),
    ]);
    expect(regressions.map((a) => a.accountId)).toEqual(['b', 'a']);
    expect(improvements.map((a) => a.accountId)).toEqual(['f', 'e']);
  });

  it('keeps at most the limit', () => {
    const many = Array.from({ length: 15 }, (_, i) => accountChange(String(i), -(i + 1)));
    expect(accountMovers(many, 10).regressions).toHaveLength(10);
  });
});

describe('groupByDomain', () => {
  it('groups in the fixed domain order with unmapped last', () => {
    const groups = groupByDomain([
      pair({ controlId: 'X.1', domain: null }),
      pair({ controlId: 'S3.1', domain: 'data-protection' }),
      pair({ controlId: 'IAM.1', domain: 'iam' }),
      pair({ controlId: 'IAM.2', domain: 'iam' }),
    ]);
    expect(groups.map((g) => [g.domain, g.items.length])).toEqual([
      ['iam', 2],
      ['data-protection', 1],
      [null, 1],
    ]);
  });
});
