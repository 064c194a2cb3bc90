import { describe, expect, it } from 'vitest';
import { CATEGORY_ROWS, categoryWords, domainForCategory, matchCategoryRow } from './category-domain.ts';

describe('categoryWords', () => {
  it('reads a category as lowercase runs of letters and digits', () => {
    expect(categoryWords('Identify - Logging')).toEqual(['identify', 'logging']);
    expect(categoryWords('Identify > Logging')).toEqual(['identify', 'logging']);
    expect(categoryWords('Encryption of data-at-rest')).toEqual(categoryWords('encryption of data at rest'));
    expect(categoryWords('Vulnerability, patch, and version management')).toEqual([
      'vulnerability',
      'patch',
      'and',
      'version',
      'management',
    ]);
  });
});

describe('domainForCategory: every row of the SCORING.md table', () => {
  it.each([
    ['Protect > Secure access management', 'iam'],
    ['Protect > Secure access management > Root user access restrictions', 'iam'],
    ['Detect > Secure access management', 'iam'],
    ['Protect > Secure development > Credentials not hard-coded', 'iam'],
    ['Identify > Logging', 'detective'],
    ['Detect > Detection services', 'detective'],
    ['Detect > Detection Services > Application monitoring', 'detective'],
    ['Protect > Secure network configuration', 'infrastructure'],
    ['Protect > Secure network configuration > Resources within VPC', 'infrastructure'],
    ['Protect > Network security', 'infrastructure'],
    ['Protect > Restricted network access', 'infrastructure'],
    ['Protect > Protective services', 'infrastructure'],
    ['Protect > Secure development', 'infrastructure'],
    ['Identify > Vulnerability, patch, and version management', 'infrastructure'],
    ['Detect > Vulnerability, patch, and version management', 'infrastructure'],
    ['Protect > Data protection', 'data-protection'],
    ['Protect > Data Protection > Encryption of data-at-rest', 'data-protection'],
    ['Protect > Data protection > Data deletion protection', 'data-protection'],
    ['Data protection', 'data-protection'],
    ['Data protection > Data integrity', 'data-protection'],
    ['Recover > Resilience', 'incident-response'],
    ['Recover > Resilience > Backups enabled', 'incident-response'],
    ['Recover > Resilience > High availability', 'incident-response'],
    ['Respond', 'incident-response'],
    ['Respond > Incident response plan', 'incident-response'],
  ])('maps "%s" to %s', (category, domain) => {
    expect(domainForCategory(category)).toBe(domain);
  });

  it.each([['Identify > Inventory'], ['Identify > Inventory > Tagging'], ['Identify > Resource configuration']])(
    'maps the "none" category "%s" to null through its row',
    (category) => {
      expect(matchCategoryRow(category)?.domain).toBeNull();
      expect(domainForCategory(category)).toBeNull();
    },
  );

  it('has a sample above for each of the 18 rows', () => {
    expect(CATEGORY_ROWS).toHaveLength(18);
  });
});

describe('matching', () => {
  it('ignores case and separators', () => {
    expect(domainForCategory('Identify - Logging')).toBe('detective');
    expect(domainForCategory('PROTECT > SECURE ACCESS MANAGEMENT')).toBe('iam');
    expect(domainForCategory('Protect > Data protection > Encryption of data at rest')).toBe('data-protection');
  });

  it('lets the longer row win where two match', () => {
    expect(matchCategoryRow('Protect > Secure development > Credentials not hard-coded')?.prefix).toBe(
      'Protect > Secure development > Credentials not hard-coded',
    );
    expect(domainForCategory('Protect > Secure development > Credentials not hard-coded')).toBe('iam');
    expect(domainForCategory('Protect > Secure development > Something else')).toBe('infrastructure');
  });

  it('matches whole words only, not parts of a word', () => {
    expect(matchCategoryRow('Respondent')).toBeUndefined();
    expect(matchCategoryRow('Identify > Logging2')).toBeUndefined();
  });

  it('returns no row for a category that no row starts, and null without a category', () => {
    expect(matchCategoryRow('Detect > Something new')).toBeUndefined();
    expect(domainForCategory('Detect > Something new')).toBeNull();
    expect(domainForCategory(null)).toBeNull();
    expect(domainForCategory('')).toBeNull();
  });
});
