/**
 * The five security domains of the AWS Well-Architected security pillar, in the order every
 * `domains` array of the API uses (SCORING.md "Domains"). The order is part of the contract.
 */
export const DOMAINS = [
  { key: 'iam', name: 'Identity and Access Management' },
  { key: 'detective', name: 'Detective Controls' },
  { key: 'infrastructure', name: 'Infrastructure Protection' },
  { key: 'data-protection', name: 'Data Protection' },
  { key: 'incident-response', name: 'Incident Response' },
] as const;

/** One of the five domain keys. A control with no domain is `null`, never a sixth key. */
export type DomainKey = (typeof DOMAINS)[number]['key'];

/** The five keys, in contract order. */
export const DOMAIN_KEYS: readonly DomainKey[] = DOMAINS.map((d) => d.key);

const NAMES: ReadonlyMap<string, string> = new Map(DOMAINS.map((d) => [d.key, d.name]));

/** True when `value` is exactly one of the five keys (case-sensitive). */
export function isDomainKey(value: unknown): value is DomainKey {
  return typeof value === 'string' && NAMES.has(value);
}

/** Display name of a domain, e.g. `iam` -> `Identity and Access Management`. */
export function domainName(key: DomainKey): string {
  return NAMES.get(key) ?? key;
}
