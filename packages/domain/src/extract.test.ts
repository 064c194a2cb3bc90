import { describe, expect, it } from 'vitest';
import { extractFindings } from './extract.ts';

const f1 = { SchemaVersion: '2018-10-08', Id: 'a' };
const f2 = { SchemaVersion: '2018-10-08', Id: 'b' };

describe('extractFindings', () => {
  it('returns a bare finding as the only candidate', () => {
    expect(extractFindings(f1)).toEqual([f1]);
  });

  it('reads arrays, GetFindings responses and lowercase findings lists', () => {
    expect(extractFindings([f1, f2])).toEqual([f1, f2]);
    expect(extractFindings({ Findings: [f1], NextToken: 'x' })).toEqual([f1]);
    expect(extractFindings({ findings: [f1, f2] })).toEqual([f1, f2]);
  });

  it('reads the findings of an EventBridge event', () => {
    const event = { 'detail-type': 'Security Hub Findings - Imported', resources: ['arn'], detail: { findings: [f2] } };
    expect(extractFindings(event)).toEqual([f2]);
  });

  it('reads the single Finding of a notifier payload', () => {
    expect(extractFindings({ Notification: { Details: [] }, Finding: f1 })).toEqual([f1]);
  });

  it('holds nothing in null, and passes other values on for normalizeFinding to reject', () => {
    expect(extractFindings(null)).toEqual([]);
    expect(extractFindings([1, 'x'])).toEqual([1, 'x']);
  });

  it('stops descending into deeply nested arrays', () => {
    const deep = [[[[[[f1]]]]]];
    expect(extractFindings(deep)).toEqual([[f1]]);
  });
});
