import type { CatalogControl, SimDomain } from './catalog.ts';
import { CIS_RULES, CONTROL_INDEX, CONTROLS } from './catalog.ts';
import { ChangeLog } from './changes.ts';
import { SimClock } from './clock.ts';
import type { SimConfigRule } from './config-model.ts';
import { findingHex32, findingUuid, indexFromId } from './ids.ts';
import { hashString, hexOf } from './prng.ts';
import { GUARDDUTY_TEMPLATES } from './products.ts';
import type { SimResource } from './resources.ts';
import { simResource } from './resources.ts';
import { FindingStore, Kind, groupKey } from './store.ts';
import type { NewFinding } from './store.ts';
import { TimeIndex } from './time-index.ts';

export interface SimAccount {
  readonly index: number;
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly environment: string;
  readonly isManagement: boolean;
  readonly joinedMethod: 'CREATED' | 'INVITED';
  readonly joinedAt: number;
  /** false: the account still has "consolidated control findings" off, so it sends per-standard findings. */
  readonly consolidatedControls: boolean;
}

export interface SimOrg {
  readonly seed: number;
  readonly organizationId: string;
  readonly managementAccountId: string;
  readonly accounts: readonly SimAccount[];
  readonly regions: readonly string[];
  /** The organisation-wide Config aggregator (in the management account), or null when there is none. */
  readonly aggregator: { readonly name: string; readonly accountId: string; readonly region: string } | null;
  /** Account x region pairs where Security Hub is not enabled (GetFindings answers InvalidAccessException). */
  readonly securityHubDisabled: ReadonlyArray<{ readonly accountId: string; readonly region: string }>;
  /** Pairs generated with every finding suppressed, whose status is NO_DATA (SCORING.md). */
  readonly noDataPairs: ReadonlyArray<{ readonly accountId: string; readonly controlId: string }>;
}

const PRODUCT = {
  securityhub: { name: 'Security Hub', company: 'AWS', path: 'aws/securityhub' },
  guardduty: { name: 'GuardDuty', company: 'Amazon', path: 'aws/guardduty' },
  inspector: { name: 'Inspector', company: 'Amazon', path: 'aws/inspector' },
} as const;

/** The whole simulated state: organisation, findings, Config rules, clock and change log. */
export class World {
  readonly store = new FindingStore(4096);
  readonly groups = new Map<number, number[]>();
  readonly indexes: TimeIndex[];
  /** Groups (see `groupKey`) that day-to-day evolution must leave alone (the NO_DATA pairs). */
  readonly frozenGroups = new Set<number>();
  /** Config rules per account x region (`account * regions + region`), sorted by name. */
  configRules: SimConfigRule[][] = [];
  readonly changes = new ChangeLog();
  /** Bumped on every change of findings or evaluations, so derived tables know when to rebuild. */
  version = 0;
  readonly clock: SimClock;
  readonly idKey: number;
  private readonly accountIndex: Map<string, number>;

  constructor(
    readonly org: SimOrg,
    readonly hubEnabled: Uint8Array,
    startDay: string,
  ) {
    this.clock = new SimClock(startDay);
    this.indexes = org.regions.map(() => new TimeIndex());
    this.idKey = Number.parseInt(hexOf(8, org.seed, 0x1d), 16);
    this.accountIndex = new Map(org.accounts.map((a) => [a.id, a.index]));
  }

  get regionCount(): number {
    return this.org.regions.length;
  }

  account(a: number): SimAccount {
    const acc = this.org.accounts[a];
    if (!acc) throw new Error(`no account #${a}`);
    return acc;
  }

  accountByIdIndex(id: string): number | undefined {
    return this.accountIndex.get(id);
  }

  regionName(r: number): string {
    return this.org.regions[r] ?? 'us-east-1';
  }

  regionIndex(name: string): number {
    return this.org.regions.indexOf(name);
  }

  isHubEnabled(a: number, r: number): boolean {
    return this.hubEnabled[a * this.regionCount + r] === 1;
  }

  rulesOf(a: number, r: number): SimConfigRule[] {
    return this.configRules[a * this.regionCount + r] ?? [];
  }

  /** Adds a finding to the store and its group; the caller puts it in the time index. */
  insert(f: NewFinding): number {
    const i = this.store.add(f);
    if (f.kind <= Kind.CIS_LEGACY) {
      const key = groupKey(f.account, f.region, f.kind, f.control);
      let g = this.groups.get(key);
      if (!g) {
        g = [];
        this.groups.set(key, g);
      }
      g.push(i);
    }
    return i;
  }

  /** The catalog control a control check belongs to (CIS 1.2.0 rules map to theirs). */
  controlOf(i: number): CatalogControl | undefined {
    const kind = this.store.kind[i] ?? 0;
    const c = this.store.control[i] ?? 0;
    if (kind === Kind.CONTROL || kind === Kind.FSBP_LEGACY) return CONTROLS[c];
    if (kind === Kind.CIS_LEGACY) {
      const rule = CIS_RULES[c];
      return rule ? CONTROLS[CONTROL_INDEX.get(rule.controlId) ?? -1] : undefined;
    }
    return undefined;
  }

  domainOf(i: number): SimDomain | null {
    const kind = this.store.kind[i] ?? 0;
    if (kind === Kind.GUARDDUTY) return 'incident-response';
    if (kind === Kind.INSPECTOR) return 'infrastructure';
    return this.controlOf(i)?.domain ?? null;
  }

  /** `IAM.1` for control checks (the CIS rule id for CIS 1.2.0 findings); the product name otherwise. */
  subjectOf(i: number): string {
    const kind = this.store.kind[i] ?? 0;
    if (kind === Kind.CIS_LEGACY) return CIS_RULES[this.store.control[i] ?? 0]?.ruleId ?? '';
    if (kind === Kind.GUARDDUTY || kind === Kind.INSPECTOR) return this.product(i).name;
    return this.controlOf(i)?.id ?? '';
  }

  product(i: number): (typeof PRODUCT)[keyof typeof PRODUCT] {
    const kind = this.store.kind[i] ?? 0;
    if (kind === Kind.GUARDDUTY) return PRODUCT.guardduty;
    if (kind === Kind.INSPECTOR) return PRODUCT.inspector;
    return PRODUCT.securityhub;
  }

  productArn(i: number): string {
    return `arn:aws:securityhub:${this.regionName(this.store.region[i] ?? 0)}::product/${this.product(i).path}`;
  }

  detectorId(a: number, r: number): string {
    return hexOf(32, this.org.seed, a, r, 0xde7);
  }

  findingId(i: number): string {
    const s = this.store;
    const region = this.regionName(s.region[i] ?? 0);
    const a = s.account[i] ?? 0;
    const acct = this.account(a).id;
    const seed = this.org.seed;
    switch (s.kind[i]) {
      case Kind.CONTROL:
        return `arn:aws:securityhub:${region}:${acct}:security-control/${this.controlOf(i)?.id ?? ''}/finding/${findingUuid(seed, i, this.idKey)}`;
      case Kind.FSBP_LEGACY:
        return `arn:aws:securityhub:${region}:${acct}:subscription/aws-foundational-security-best-practices/v/1.0.0/${this.controlOf(i)?.id ?? ''}/finding/${findingUuid(seed, i, this.idKey)}`;
      case Kind.CIS_LEGACY:
        return `arn:aws:securityhub:${region}:${acct}:subscription/cis-aws-foundations-benchmark/v/1.2.0/${this.subjectOf(i)}/finding/${findingUuid(seed, i, this.idKey)}`;
      case Kind.GUARDDUTY:
        return `arn:aws:guardduty:${region}:${acct}:detector/${this.detectorId(a, s.region[i] ?? 0)}/finding/${findingHex32(seed, i, this.idKey)}`;
      default:
        return `arn:aws:inspector2:${region}:${acct}:finding/${findingHex32(seed, i, this.idKey)}`;
    }
  }

  /** Index of a finding from its Id, or undefined (also for removed findings when `live`). */
  findIndex(id: string, live = true): number | undefined {
    const i = indexFromId(id, this.idKey);
    if (i === undefined || i >= this.store.size) return undefined;
    if (live && this.store.isRemoved(i)) return undefined;
    return this.findingId(i) === id ? i : undefined;
  }

  /** The resource a finding is about. Resources of one type in one account and region are shared by slot. */
  resourceOf(i: number): SimResource {
    const s = this.store;
    const a = s.account[i] ?? 0;
    const r = s.region[i] ?? 0;
    const acc = this.account(a);
    const region = this.regionName(r);
    const kind = s.kind[i] ?? 0;
    const seed = this.org.seed;
    if (kind === Kind.GUARDDUTY) {
      const t = GUARDDUTY_TEMPLATES[s.control[i] ?? 0];
      if (t?.resource === 'accessKey') {
        const key = `ASIA${hexOf(16, seed, i, 0xa1).toUpperCase()}`;
        return { type: 'AwsIamAccessKey', id: `AWS::IAM::AccessKey:${key}`, configType: 'AWS::IAM::AccessKey', configId: key };
      }
      if (t?.resource === 'bucket') return simResource('AWS::S3::Bucket', acc.id, acc.name, region, hexOf(6, seed, i, 0xb1));
      return simResource('AWS::EC2::Instance', acc.id, acc.name, region, hexOf(16, seed, a, r, i % 7, 0xec2));
    }
    if (kind === Kind.INSPECTOR) return simResource('AWS::EC2::Instance', acc.id, acc.name, region, hexOf(16, seed, a, r, i % 5, 0xec2));
    const control = this.controlOf(i);
    const type = control?.resourceType ?? 'AWS::::Account';
    const name = hexOf(type.startsWith('AWS::EC2::') ? 16 : 6, seed, a, r, hashString(type), s.slot[i] ?? 0);
    return simResource(type, acc.id, acc.name, region, name);
  }
}

