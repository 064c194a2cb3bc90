import { describe, expect, it } from 'vitest';
import { DOMAIN_KEYS, DOMAINS, domainName, isDomainKey } from './domains.ts';

describe('domains', () => {
  it('lists the five domains in contract order', () => {
    expect(DOMAIN_KEYS).toEqual(['iam', 'detective', 'infrastructure', 'data-protection', 'incident-response']);
    expect(DOMAINS.map((d) => d.name)).toEqual([
      'Identity and Access Management',
      'Detective Controls',
      'Infrastructure Protection',
      'Data Protection',
      'Incident Response',
    ]);
  });

  it('recognises exactly the five keys', () => {
    expect(isDomainKey('data-protection')).toBe(true);
    expect(isDomainKey('IAM')).toBe(false);
    expect(isDomainKey('unmapped')).toBe(false);
    expect(isDomainKey(null)).toBe(false);
    expect(isDomainKey(3)).toBe(false);
  });

  it('names a domain by its key', () => {
    expect(domainName('incident-response')).toBe('Incident Response');
  });
});
