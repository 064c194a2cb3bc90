// Ground truth for the API, written from ../shared/SCORING.md alone. Nothing here imports the product's
// scoring, pair-status, normalisation or mapping code (@pillar/domain, @pillar/db): the expected numbers are
// computed from raw ASFF findings and raw AWS Config results with a small, independent implementation of the
// rules, so that a test comparing them with the API checks the product against the spec, not against itself.
import { readFileSync } from 'node:fs';

// ---------------------------------------------------------------------------------------------- vocabulary

export const DOMAINS = [
  { key: 'iam', name: 'Identity and Access Management' },
  { key: 'detective', name: 'Detective Controls' },
  { key: 'infrastructure', name: 'Infrastructure Protection' },
  { key: 'data-protection', name: 'Data Protection' },
  { key: 'incident-response', name: 'Incident Response' },
] as const;
export type Domain = (typeof DOMAINS)[number]['key'];

export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'] as const;
export type Severity = (typeof SEVERITIES)[number];
export type Severities = Record<Severity, number>;

export type Status = 'FAILED' | 'UNKNOWN' | 'PASSED' | 'NO_DATA';
export type Source = 'securityhub' | 'config';

/** FAILED anywhere wins, then UNKNOWN, then PASSED; NO_DATA only when nothing counts. */
const RANK: Record<Status, number> = { NO_DATA: 0, PASSED: 1, UNKNOWN: 2, FAILED: 3 };
export const worst = (a: Status, b: Status): Status => (RANK[a] >= RANK[b] ? a : b);

export const noSeverities = (): Severities => ({ CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, INFORMATIONAL: 0 });

// ------------------------------------------------------------------------------------------------- domains

type CatalogEntry = { id: string; category: string | null; configRule: string | null };

const CATALOG: CatalogEntry[] = (
  JSON.parse(readFileSync(new URL('../../../../packages/domain/src/catalog/fsbp-controls.json', import.meta.url), 'utf8')) as CatalogEntry[]
).map((c) => ({ id: c.id, category: c.category ?? null, configRule: c.configRule ?? null }));
const CATALOG_BY_ID = new Map(CATALOG.map((c) => [c.id, c]));

/** SCORING.md "Domains", the category table, one prefix per row (parenthesised remarks dropped). */
const CATEGORY_TABLE: [string, Domain | null][] = [
  ['Protect > Secure access management', 'iam'],
  ['Detect > Secure access management', 'iam'],
  ['Protect > Secure development > Credentials not hard-coded', 'iam'],
  ['Identify > Logging', 'detective'],
  ['Detect > Detection services', 'detective'],
  ['Protect > Secure network configuration', 'infrastructure'],
  ['Protect > Network security', 'infrastructure'],
  ['Protect > Restricted network access', 'infrastructure'],
  ['Protect > Protective services', 'infrastructure'],
  ['Protect > Secure development', 'infrastructure'],
  ['Identify > Vulnerability, patch, and version management', 'infrastructure'],
  ['Detect > Vulnerability, patch, and version management', 'infrastructure'],
  ['Protect > Data protection', 'data-protection'],
  ['Data protection', 'data-protection'],
  ['Recover > Resilience', 'incident-response'],
  ['Respond', 'incident-response'],
  ['Identify > Inventory', null],
  ['Identify > Resource configuration', null],
];

/** Lowercase words, a word being a run of letters and digits. */
const words = (s: string): string[] => s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
const TABLE_WORDS = CATEGORY_TABLE.map(([prefix, domain]) => ({ w: words(prefix), domain }));

/** The row whose words start the category's words; the longest such row wins; none -> no domain. */
export function domainOfCategory(category: string | null): Domain | null {
  if (category === null) return null;
  const cw = words(category);
  let best: { len: number; domain: Domain | null } | null = null;
  for (const row of TABLE_WORDS) {
    if (row.w.length > cw.length || !row.w.every((w, i) => cw[i] === w)) continue;
    if (best === null || row.w.length > best.len) best = { len: row.w.length, domain: row.domain };
  }
  return best?.domain ?? null;
}

const BY_ID: Record<string, Domain> = { 'Account.1': 'incident-response', 'Config.1': 'detective' };

/** Domain of a Security Hub control id: by id first, then the catalog category; unknown controls have none. */
export function domainOfSecurityControl(controlId: string): Domain | null {
  return BY_ID[controlId] ?? domainOfCategory(CATALOG_BY_ID.get(controlId)?.category ?? null);
}

/**
 * Domain of the Config rule `name`: the catalog control whose configRule is the name without a trailing
 * `-conformance-pack-<id>`, else (when known) the one named by the managed SourceIdentifier; else none.
 */
export function domainOfConfigRule(name: string, sourceIdentifier?: string): Domain | null {
  const base = name.replace(/-conformance-pack-[A-Za-z0-9]+$/, '');
  const byName = CATALOG.find((c) => c.configRule === base);
  const bySource = sourceIdentifier === undefined ? undefined : CATALOG.find((c) => c.configRule === sourceIdentifier.toLowerCase().replaceAll('_', '-'));
  const control = byName ?? bySource;
  return control === undefined ? null : domainOfSecurityControl(control.id);
}

/**
 * Domain of any control id. Config rules are mapped by name only: the tests read Config through the
 * aggregator, which does not report a rule's SourceIdentifier (and the simulator's managed rules keep their
 * managed names, so the SourceIdentifier would name the same catalog control).
 */
export function domainOfControl(controlId: string): Domain | null {
  return controlId.startsWith('config:') ? domainOfConfigRule(controlId.slice('config:'.length)) : domainOfSecurityControl(controlId);
}

// ------------------------------------------------------------------------------------------------ findings

/** One ASFF finding reduced to what SCORING.md reads. */
export type Fact = {
  /** Natural key: ProductArn + Id. */
  key: string;
  id: string;
  accountId: string;
  region: string;
  /** `company/product` of the ProductArn. */
  product: string;
  controlId: string | null;
  isControlCheck: boolean;
  compliance: string | null;
  workflow: string;
  record: string;
  severity: Severity;
  firstObservedMs: number;
  updatedMs: number;
  /** No longer returned by AWS, as a full reconciliation found. */
  gone: boolean;
};

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

const get = (o: unknown, k: string): unknown => (o !== null && typeof o === 'object' && !Array.isArray(o) ? (o as Record<string, unknown>)[k] : undefined);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** `arn:aws:securityhub:<region>:<account>:product/<company>/<product>` (a stray `::` tolerated). */
function productArnParts(arn: string): { region: string | null; product: string } | null {
  const m = /^arn:[a-z-]*:+securityhub:([^:]*):[^:]*:product\/([^/]+)\/([^/]+)\/?$/.exec(arn);
  if (!m) return null;
  return { region: REGION.test(m[1] ?? '') ? (m[1] as string) : null, product: `${m[2]}/${m[3]}` };
}

/** SCORING.md "Units": SecurityControlId, else ControlId / RuleId qualified by a non-FSBP standard. */
export function controlIdOf(f: unknown): string | null {
  const sc = str(get(get(f, 'Compliance'), 'SecurityControlId'));
  if (sc !== null) return sc;
  const pf = get(f, 'ProductFields');
  const id = str(get(pf, 'ControlId')) ?? str(get(pf, 'RuleId'));
  if (id === null) return null;
  const standardArn = str(get(pf, 'StandardsArn')) ?? str(get(pf, 'StandardsGuideArn'));
  const standard = standardArn === null ? null : (/(?:standards|ruleset)\/(.+)$/.exec(standardArn)?.[1] ?? null);
  if (standard === null || standard.startsWith('aws-foundational-security-best-practices/')) return id;
  return `${standard}/${id}`;
}

function severityOf(f: unknown): Severity {
  const label = get(get(f, 'Severity'), 'Label');
  if (typeof label === 'string' && (SEVERITIES as readonly string[]).includes(label)) return label as Severity;
  const n = get(get(f, 'Severity'), 'Normalized');
  if (typeof n === 'number' && n >= 0 && n <= 100) return n < 1 ? 'INFORMATIONAL' : n < 40 ? 'LOW' : n < 70 ? 'MEDIUM' : n < 90 ? 'HIGH' : 'CRITICAL';
  // SCORING.md names no fallback beyond Normalized; the generated data and the samples never need one.
  return 'INFORMATIONAL';
}

/**
 * A finding as SCORING.md reads it, or null when it cannot be stored at all (no 12-digit account, no
 * product ARN, no region from `Region` or the ProductArn, no CreatedAt/UpdatedAt).
 */
export function factOf(raw: unknown): Fact | null {
  const id = str(get(raw, 'Id'));
  const accountId = str(get(raw, 'AwsAccountId'));
  const arn = str(get(raw, 'ProductArn'));
  if (id === null || accountId === null || !/^\d{12}$/.test(accountId) || arn === null) return null;
  const parts = productArnParts(arn);
  if (parts === null) return null;
  const regionField = get(raw, 'Region');
  const region = typeof regionField === 'string' && REGION.test(regionField) ? regionField : parts.region;
  const created = Date.parse(String(get(raw, 'CreatedAt')));
  const updated = Date.parse(String(get(raw, 'UpdatedAt')));
  if (region === null || Number.isNaN(created) || Number.isNaN(updated)) return null;
  const firstObserved = Date.parse(String(get(raw, 'FirstObservedAt')));
  const compliance = str(get(get(raw, 'Compliance'), 'Status'));
  // Only Security Hub's own findings are control checks; Config's, GuardDuty's, partner tools' never are.
  const controlId = parts.product === 'aws/securityhub' ? controlIdOf(raw) : null;
  return {
    key: `${arn} ${id}`,
    id,
    accountId,
    region,
    product: parts.product,
    controlId: compliance === null ? null : controlId,
    isControlCheck: controlId !== null && compliance !== null,
    compliance,
    workflow: str(get(get(raw, 'Workflow'), 'Status')) ?? 'NEW',
    record: str(get(raw, 'RecordState')) ?? 'ACTIVE',
    severity: severityOf(raw),
    firstObservedMs: Number.isNaN(firstObserved) ? created : firstObserved,
    updatedMs: updated,
    gone: false,
  };
}

/** Counts toward its pair: ACTIVE, not SUPPRESSED (and still returned by AWS). */
export const counts = (f: Fact): boolean => f.isControlCheck && !f.gone && f.record === 'ACTIVE' && f.workflow !== 'SUPPRESSED';

/** SCORING.md "Open findings". */
export const isOpen = (f: Fact): boolean =>
  !f.gone &&
  f.record === 'ACTIVE' &&
  f.workflow !== 'SUPPRESSED' &&
  f.workflow !== 'RESOLVED' &&
  f.product !== 'aws/config' &&
  (f.compliance === null || f.compliance === 'FAILED');

const PRODUCT_DOMAIN: Record<string, Domain> = {
  'aws/guardduty': 'incident-response',
  'aws/detective': 'incident-response',
  'aws/inspector': 'infrastructure',
  'aws/firewall-manager': 'infrastructure',
  'aws/network-firewall': 'infrastructure',
  'aws/shield': 'infrastructure',
  'aws/macie': 'data-protection',
  'aws/access-analyzer': 'iam',
};

/** A control check's domain is its control's; any other finding's comes from its product. */
export const findingDomain = (f: Fact): Domain | null =>
  f.isControlCheck && f.controlId !== null ? domainOfControl(f.controlId) : (PRODUCT_DOMAIN[f.product] ?? null);

/** The status one finding gives its pair. */
function findingStatus(f: Fact): Status {
  if (!counts(f)) return 'NO_DATA';
  return f.compliance === 'FAILED' ? 'FAILED' : f.compliance === 'PASSED' ? 'PASSED' : 'UNKNOWN';
}

// ---------------------------------------------------------------------------------------------- Config

/** One Config rule in one account and region, as AWS Config reports its evaluations. */
export type ConfigResult = {
  accountId: string;
  region: string;
  ruleName: string;
  /** From the evaluations, NOT_APPLICABLE left out: NON_COMPLIANT -> FAILED, else COMPLIANT -> PASSED, else NO_DATA. */
  status: Status;
  failedResources: number;
};

export function configResultOf(rule: { accountId: string; region: string; configRuleName: string; evaluations: readonly { complianceType: string }[] }): ConfigResult {
  let status: Status = 'NO_DATA';
  let failed = 0;
  for (const e of rule.evaluations) {
    if (e.complianceType === 'NON_COMPLIANT') {
      status = 'FAILED';
      failed++;
    } else if (e.complianceType === 'COMPLIANT') status = worst(status, 'PASSED');
  }
  return { accountId: rule.accountId, region: rule.region, ruleName: rule.configRuleName, status, failedResources: failed };
}

// ------------------------------------------------------------------------------------------------- scores

export type Counts = { passed: number; failed: number; unknown: number; noData: number };
export type Score = Counts & { score: number | null };

/** `100 * n / d` rounded half away from zero to one decimal, in exact integer arithmetic. */
export function round1(n: number, d: number): number {
  const tenths = Math.floor((2000 * Math.abs(n) + d) / (2 * d));
  const v = (Math.sign(n) * tenths) / 10;
  return v === 0 ? 0 : v;
}

export function scoreOf(c: Counts): Score {
  const den = c.passed + c.failed + c.unknown;
  return { score: den === 0 ? null : round1(c.passed, den), ...c };
}

/** `current - previous` from the exact scores, rounded only at the end; null when either is null. */
export function deltaOf(cur: Counts, prev: Counts): number | null {
  const d1 = cur.passed + cur.failed + cur.unknown;
  const d0 = prev.passed + prev.failed + prev.unknown;
  if (d1 === 0 || d0 === 0) return null;
  return round1(cur.passed * d0 - prev.passed * d1, d1 * d0);
}

const zero = (): Counts => ({ passed: 0, failed: 0, unknown: 0, noData: 0 });
function add(c: Counts, s: Status): void {
  if (s === 'PASSED') c.passed++;
  else if (s === 'FAILED') c.failed++;
  else if (s === 'UNKNOWN') c.unknown++;
  else c.noData++;
}

// --------------------------------------------------------------------------------------------------- truth

/** A pair (account x control), in one region or over all regions (`region = '*'`). */
export type Pair = { accountId: string; controlId: string; region: string; source: Source; domain: Domain | null; status: Status; failedResources: number };

export type Scope = { accountId?: string; region?: string; source?: Source };

export type DomainPosture = Score & { key: Domain; name: string; openFindings: Severities };
export type Posture = { overall: Score; domains: DomainPosture[]; unmapped: Score; openFindings: Severities };

export const pairKey = (accountId: string, controlId: string) => `${accountId}|${controlId}`;

/**
 * Everything SCORING.md says about one moment: the findings the product holds and the Config results it
 * was given. `configSeen` holds `account|region|rule` of rules that had results at some sync: such a rule
 * keeps its pair (NO_DATA) when its results vanish; a rule never reported is no pair at all.
 */
export class Truth {
  readonly regional: Pair[] = [];
  readonly pairs: Pair[] = [];

  constructor(
    readonly facts: readonly Fact[],
    config: readonly ConfigResult[],
    configSeen: ReadonlySet<string> = new Set(),
  ) {
    const byRegion = new Map<string, Pair>();
    const at = (accountId: string, controlId: string, region: string, source: Source) => {
      const k = `${accountId}|${controlId}|${region}`;
      let p = byRegion.get(k);
      if (!p) {
        p = { accountId, controlId, region, source, domain: domainOfControl(controlId), status: 'NO_DATA', failedResources: 0 };
        byRegion.set(k, p);
      }
      return p;
    };
    for (const f of facts) {
      if (!f.isControlCheck || f.controlId === null) continue;
      const p = at(f.accountId, f.controlId, f.region, 'securityhub');
      const s = findingStatus(f);
      p.status = worst(p.status, s);
      if (s === 'FAILED') p.failedResources++;
    }
    for (const r of config) {
      if (r.ruleName.startsWith('securityhub-')) continue;
      if (r.status === 'NO_DATA' && !configSeen.has(`${r.accountId}|${r.region}|${r.ruleName}`)) continue;
      const p = at(r.accountId, `config:${r.ruleName}`, r.region, 'config');
      p.status = r.status;
      p.failedResources = r.failedResources;
    }
    for (const key of configSeen) {
      const [accountId = '', region = '', rule = ''] = key.split('|');
      if (!rule.startsWith('securityhub-')) at(accountId, `config:${rule}`, region, 'config');
    }
    this.regional = [...byRegion.values()];
    const combined = new Map<string, Pair>();
    for (const p of this.regional) {
      const k = pairKey(p.accountId, p.controlId);
      const c = combined.get(k) ?? { ...p, region: '*', status: 'NO_DATA' as Status, failedResources: 0 };
      c.status = worst(c.status, p.status);
      c.failedResources += p.failedResources;
      combined.set(k, c);
    }
    this.pairs = [...combined.values()];
  }

  accounts(): string[] {
    return [...new Set([...this.pairs.map((p) => p.accountId), ...this.facts.map((f) => f.accountId)])].sort();
  }

  pair(accountId: string, controlId: string): Pair | undefined {
    return this.pairs.find((p) => p.accountId === accountId && p.controlId === controlId);
  }

  private scopedPairs(scope: Scope): Pair[] {
    const list = scope.region === undefined ? this.pairs : this.regional.filter((p) => p.region === scope.region);
    return list.filter((p) => (scope.accountId === undefined || p.accountId === scope.accountId) && (scope.source === undefined || p.source === scope.source));
  }

  /** Open findings of a scope; they all come from Security Hub, so a `config` scope has none. */
  openFindings(scope: Scope): Fact[] {
    if (scope.source === 'config') return [];
    return this.facts.filter(
      (f) => isOpen(f) && (scope.accountId === undefined || f.accountId === scope.accountId) && (scope.region === undefined || f.region === scope.region),
    );
  }

  posture(scope: Scope = {}): Posture {
    const overall = zero();
    const unmapped = zero();
    const byDomain = new Map<Domain, Counts>(DOMAINS.map((d) => [d.key, zero()]));
    for (const p of this.scopedPairs(scope)) {
      add(overall, p.status);
      add(p.domain === null ? unmapped : (byDomain.get(p.domain) as Counts), p.status);
    }
    const open = noSeverities();
    const openBy = new Map<Domain, Severities>(DOMAINS.map((d) => [d.key, noSeverities()]));
    for (const f of this.openFindings(scope)) {
      open[f.severity]++;
      const d = findingDomain(f);
      if (d !== null) (openBy.get(d) as Severities)[f.severity]++;
    }
    return {
      overall: scoreOf(overall),
      domains: DOMAINS.map((d) => ({ key: d.key, name: d.name, ...scoreOf(byDomain.get(d.key) as Counts), openFindings: openBy.get(d.key) as Severities })),
      unmapped: scoreOf(unmapped),
      openFindings: open,
    };
  }

  /** Counts (not scores) of a scope, for deltas. */
  counts(scope: Scope = {}, domain?: Domain): Counts {
    const c = zero();
    for (const p of this.scopedPairs(scope)) if (domain === undefined || p.domain === domain) add(c, p.status);
    return c;
  }

  /** `GET /accounts/:id` controls: status and failed resources per control, all regions combined. */
  controlsOf(accountId: string): { controlId: string; domain: Domain | null; status: Status; failedResources: number }[] {
    return this.pairs
      .filter((p) => p.accountId === accountId)
      .map((p) => ({ controlId: p.controlId, domain: p.domain, status: p.status, failedResources: p.failedResources }))
      .sort((a, b) => (a.controlId < b.controlId ? -1 : a.controlId > b.controlId ? 1 : 0));
  }

  /** `GET /controls`: accounts per status for each control. */
  controls(): { controlId: string; domain: Domain | null; passed: number; failed: number; unknown: number; noData: number }[] {
    const by = new Map<string, Counts & { domain: Domain | null }>();
    for (const p of this.pairs) {
      const c = by.get(p.controlId) ?? { ...zero(), domain: p.domain };
      add(c, p.status);
      by.set(p.controlId, c);
    }
    return [...by]
      .map(([controlId, c]) => ({ controlId, domain: c.domain, passed: c.passed, failed: c.failed, unknown: c.unknown, noData: c.noData }))
      .sort((a, b) => (a.controlId < b.controlId ? -1 : a.controlId > b.controlId ? 1 : 0));
  }

  failing(): Set<string> {
    return new Set(this.pairs.filter((p) => p.status === 'FAILED').map((p) => pairKey(p.accountId, p.controlId)));
  }
}

// -------------------------------------------------------------------------------------- what AWS returned

type SimFinding = Record<string, unknown> & { Id: string; UpdatedAt: string };
type SimConfigRule = { accountId: string; region: string; configRuleName: string; evaluations: readonly { complianceType: string }[] };
type SimStateLike = { now: string; findings(): SimFinding[]; configRules(): SimConfigRule[] };

const DAY_MS = 86_400_000;
const OVERLAP_MS = 15 * 60_000;

/**
 * The findings and Config results the product has been given by its syncs, replayed from the simulator's
 * state (the same selection rules as the real pulls): a first or full pull returns every ACTIVE finding and
 * the ARCHIVED ones updated in the last 7 days; an incremental pull returns what was updated since the last
 * pull (which every change in the simulator stamps); a full pull finds ACTIVE findings AWS no longer returns
 * gone. The Config aggregator reports rule x account x region only where the rule has results.
 */
export class ProductView {
  private readonly known = new Map<string, Fact>();
  private readonly seen = new Set<string>();
  private lastNowMs: number | null = null;
  private config: ConfigResult[] = [];

  sync(state: SimStateLike, kind: 'incremental' | 'full' = 'incremental'): Truth {
    const nowMs = Date.parse(state.now);
    const pulled = new Set<string>();
    const first = this.lastNowMs === null || kind === 'full';
    for (const raw of state.findings()) {
      const fact = factOf(raw);
      if (fact === null) throw new Error(`the simulator served an unreadable finding ${raw.Id}`);
      const returned = first
        ? fact.record === 'ACTIVE' || fact.updatedMs >= nowMs - 7 * DAY_MS
        : this.known.has(fact.key) || fact.updatedMs >= (this.lastNowMs as number) - OVERLAP_MS;
      if (!returned) continue;
      pulled.add(fact.key);
      this.known.set(fact.key, fact);
    }
    if (kind === 'full') {
      for (const [key, f] of this.known) if (!pulled.has(key) && f.record === 'ACTIVE') this.known.set(key, { ...f, gone: true });
    }
    this.config = state.configRules().map(configResultOf);
    for (const r of this.config) if (r.status !== 'NO_DATA' && !r.ruleName.startsWith('securityhub-')) this.seen.add(`${r.accountId}|${r.region}|${r.ruleName}`);
    this.lastNowMs = nowMs;
    return this.truth();
  }

  truth(): Truth {
    return new Truth([...this.known.values()], this.config, new Set(this.seen));
  }
}
