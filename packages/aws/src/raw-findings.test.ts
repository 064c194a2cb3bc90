import { describe, expect, it } from 'vitest';
import { parseRawFindings } from './raw-findings.ts';

describe('parseRawFindings', () => {
  const bytes = (value: string) => new TextEncoder().encode(value);

  it('returns the Findings array of a GetFindings body', () => {
    expect(parseRawFindings(bytes('{"Findings":[{"Id":"a","Custom":1}],"NextToken":"t"}'))).toEqual([{ Id: 'a', Custom: 1 }]);
  });

  it('leaves bodies it cannot read to the SDK', () => {
    expect(parseRawFindings(bytes('not json'))).toBeUndefined();
    expect(parseRawFindings(bytes('{"Findings":"no"}'))).toBeUndefined();
    expect(parseRawFindings(bytes('null'))).toBeUndefined();
  });
});
