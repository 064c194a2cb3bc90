import { describe, expect, it } from 'vitest';
import { accountIdFor, findingHex32, findingUuid, indexFromId, scrambleIndex, unscrambleIndex } from './ids.ts';

describe('finding ids', () => {
  it('scrambles an index reversibly', () => {
    for (const i of [0, 1, 2, 99, 123_456, 999_999, 4_000_000_000]) {
      expect(unscrambleIndex(scrambleIndex(i, 0xdeadbeef), 0xdeadbeef)).toBe(i);
    }
  });

  it('makes UUID-shaped and 32-hex ids whose index can be read back', () => {
    const uuid = findingUuid(1, 777, 0x1234);
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(indexFromId(`arn:aws:securityhub:us-east-1:111122223333:security-control/IAM.1/finding/${uuid}`, 0x1234)).toBe(777);
    const hex = findingHex32(1, 5, 0x1234);
    expect(hex).toMatch(/^[0-9a-f]{32}$/);
    expect(indexFromId(hex, 0x1234)).toBe(5);
  });

  it('gives consecutive findings unrelated-looking ids', () => {
    expect(findingUuid(1, 1, 7).slice(-8)).not.toBe(findingUuid(1, 2, 7).slice(-8));
  });
});

describe('accountIdFor', () => {
  it('makes 12-digit ids that do not start with 0', () => {
    for (let n = 0; n < 200; n++) expect(accountIdFor(1, n, 0)).toMatch(/^[1-9]\d{11}$/);
  });
});
