import { isConfigControlId } from './config-rule.ts';
import { controlIdOf } from './control-id.ts';
import type { DomainKey } from './domains.ts';
import { parseIsoTimestamp } from './iso-timestamp.ts';
import { domainForProduct, identifyProduct, parseProductArn, REGION_PATTERN, type ProductKey } from './product.ts';
import { isSeverityLabel, severityFromNormalized, type SeverityLabel } from './severity.ts';
import { identifier, isObject, prop, text } from './untrusted.ts';

/** One resource of a finding; ASFF requires `Type` and `Id`, resources without them are dropped. */
export interface FindingResource {
  readonly type: string;
  readonly id: string;
  readonly region: string | null;
  readonly partition: string | null;
}

/**
 * A Security Hub finding reduced to what Pillar scores and lists. Invariants: `accountId` is 12
 * digits; `region` is a region name; timestamps are UTC ISO strings; `isControlCheck` implies
 * `controlId !== null && complianceStatus !== null && product === 'securityhub'`;
 * `productDomain` is `null` for control checks (their domain is their control's).
 */
export interface NormalizedFinding {
  readonly id: string;
  readonly productArn: string;
  readonly product: ProductKey;
  readonly productName: string;
  readonly companyName: string;
  readonly accountId: string;
  readonly region: string;
  /** Control named per SCORING.md "Units"; only Security Hub's own findings name one. */
  readonly controlId: string | null;
  readonly isControlCheck: boolean;
  /** `Compliance.Status` as sent (`PASSED`, `FAILED`, `WARNING`, `NOT_AVAILABLE`, or anything else). */
  readonly complianceStatus: string | null;
  /** `Workflow.Status`, else `NEW`. */
  readonly workflowStatus: string;
  /** `RecordState`; `ACTIVE` when absent (AWS's default on import). */
  readonly recordState: string;
  /** `Severity.Label`, else from `Severity.Normalized`, else `INFORMATIONAL`. */
  readonly severityLabel: SeverityLabel;
  readonly title: string;
  readonly generatorId: string;
  /** At most the first `MAX_RESOURCES`. */
  readonly resources: readonly FindingResource[];
  /** `FirstObservedAt`, else `CreatedAt`. */
  readonly firstObservedAt: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** SCORING.md "Open findings". */
  readonly isOpen: boolean;
  /** `RecordState = ACTIVE` and workflow not SUPPRESSED: the finding counts toward its pair's status. */
  readonly countsForScore: boolean;
  /** Domain from the product, for findings that are not control checks. */
  readonly productDomain: DomainKey | null;
}

export type NormalizeResult =
  | { readonly ok: true; readonly finding: NormalizedFinding }
  | { readonly ok: false; readonly id?: string; readonly reason: string };

export const MAX_RESOURCES = 32;
const MAX_ID = 512;
const MAX_TITLE = 256;
const MAX_NAME = 128;
const MAX_STATUS = 64;
const MAX_RESOURCE_ID = 1024;
const MAX_RESOURCE_TYPE = 256;
const MAX_PARTITION = 16;
/**
 * (ProductArn, Id) is the stored finding's unique key; a btree entry holds at most 2,704 bytes. AWS's own values
 * are ASCII (1,024 bytes at most); 512 characters of other scripts can take three or four bytes each.
 */
const MAX_KEY_BYTES = 2048;

/** Never throws: anything that is not a usable finding comes back with a reason. */
export function normalizeFinding(raw: unknown): NormalizeResult {
  try {
    return normalize(raw);
  } catch {
    // Only a hostile object (a throwing getter or proxy) gets here; JSON input never does.
    return { ok: false, reason: 'unreadable finding' };
  }
}

function normalize(input: unknown): NormalizeResult {
  if (!isObject(input)) return { ok: false, reason: 'not an object' };
  // Own properties only: an inherited `Id` or `AwsAccountId` is not part of the finding.
  const get = (key: string): unknown => prop(input, key);
  const id = identifier(get('Id'), MAX_ID);
  if (id === null) return { ok: false, reason: 'missing or invalid Id' };
  const reject = (reason: string): NormalizeResult => ({ ok: false, id, reason });

  const account = get('AwsAccountId');
  const accountId = typeof account === 'string' ? account : '';
  if (!/^\d{12}$/.test(accountId)) return reject('placeholder/invalid account id');
  const productArn = identifier(get('ProductArn'), MAX_ID);
  const arn = productArn === null ? null : parseProductArn(productArn);
  if (productArn === null || arn === null) return reject('missing or invalid ProductArn');
  if (utf8Length(id) + utf8Length(productArn) > MAX_KEY_BYTES) return reject('Id and ProductArn too long together');
  const region = regionOf(get('Region')) ?? arn.region;
  if (region === null) return reject('missing region');
  const createdAt = parseIsoTimestamp(get('CreatedAt'));
  if (createdAt === null) return reject('missing or invalid CreatedAt');
  const updatedAt = parseIsoTimestamp(get('UpdatedAt'));
  if (updatedAt === null) return reject('missing or invalid UpdatedAt');

  const fields = get('ProductFields');
  const productName =
    nameOf(get('ProductName')) ?? nameOf(prop(fields, 'aws/securityhub/ProductName')) ?? arn.product;
  const product = identifyProduct(productArn, productName);
  const companyName =
    nameOf(get('CompanyName')) ??
    nameOf(prop(fields, 'aws/securityhub/CompanyName')) ??
    (arn.company === 'aws' ? 'AWS' : arn.company);
  const controlId = product === 'securityhub' ? controlIdOf(input) : null;
  // `config:` ids name the controls of AWS Config rules, which Security Hub never sends (the store keeps them apart).
  if (controlId !== null && isConfigControlId(controlId)) return reject('control id in the config: namespace');
  const complianceStatus = text(prop(get('Compliance'), 'Status'), MAX_STATUS);
  const isControlCheck = controlId !== null && complianceStatus !== null;
  const workflowStatus = text(prop(get('Workflow'), 'Status'), MAX_STATUS) ?? 'NEW';
  const recordState = text(get('RecordState'), MAX_STATUS) ?? 'ACTIVE';
  const active = recordState === 'ACTIVE';

  const finding: NormalizedFinding = {
    id,
    productArn,
    product,
    productName,
    companyName,
    accountId,
    region,
    controlId,
    isControlCheck,
    complianceStatus,
    workflowStatus,
    recordState,
    severityLabel: severityOf(get('Severity')),
    title: text(get('Title'), MAX_TITLE) ?? '',
    generatorId: text(get('GeneratorId'), MAX_ID) ?? '',
    resources: resourcesOf(get('Resources')),
    firstObservedAt: parseIsoTimestamp(get('FirstObservedAt')) ?? createdAt,
    createdAt,
    updatedAt,
    isOpen:
      active &&
      workflowStatus !== 'SUPPRESSED' &&
      workflowStatus !== 'RESOLVED' &&
      product !== 'config' &&
      (complianceStatus === null || complianceStatus === 'FAILED'),
    countsForScore: active && workflowStatus !== 'SUPPRESSED',
    productDomain: isControlCheck ? null : domainForProduct(product),
  };
  return { ok: true, finding };
}

function utf8Length(value: string): number {
  let bytes = 0;
  for (const ch of value) {
    const c = ch.codePointAt(0) ?? 0;
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** A display name: trimmed, cut to MAX_NAME, `null` when blank. */
function nameOf(value: unknown): string | null {
  const name = text(value, MAX_NAME)?.trim();
  return name ? name : null;
}

function regionOf(value: unknown): string | null {
  return typeof value === 'string' && REGION_PATTERN.test(value) ? value : null;
}

function severityOf(severity: unknown): SeverityLabel {
  const label = prop(severity, 'Label');
  if (isSeverityLabel(label)) return label;
  return severityFromNormalized(prop(severity, 'Normalized')) ?? 'INFORMATIONAL';
}

function resourcesOf(value: unknown): FindingResource[] {
  if (!Array.isArray(value)) return [];
  const resources: FindingResource[] = [];
  for (const item of value as unknown[]) {
    if (resources.length === MAX_RESOURCES) break;
    const type = identifier(prop(item, 'Type'), MAX_RESOURCE_TYPE);
    const id = text(prop(item, 'Id'), MAX_RESOURCE_ID);
    if (type === null || id === null || id === '') continue;
    resources.push({
      type,
      id,
      region: regionOf(prop(item, 'Region')),
      partition: text(prop(item, 'Partition'), MAX_PARTITION),
    });
  }
  return resources;
}
