import type { DomainKey } from './domains.ts';

/** The parts of a Security Hub product ARN `arn:<partition>:securityhub:<region>:<account>:product/<company>/<product>`. */
export interface ProductArnParts {
  /** Region field of the ARN, `null` when empty or not a region. */
  readonly region: string | null;
  readonly company: string;
  readonly product: string;
}

/** `us-east-1`, `eu-central-2`, `us-gov-west-1`, `cn-north-1`. */
export const REGION_PATTERN = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

/**
 * Reads a product ARN. Tolerates the stray `::` some documented samples carry
 * (`arn:aws::securityhub:us-east-1::product/aws/guardduty`). `null` when not a product ARN.
 */
export function parseProductArn(productArn: string): ProductArnParts | null {
  const match = /^arn:[a-z-]*:+securityhub:([^:]*):[^:]*:product\/([^/]+)\/([^/]+)\/?$/.exec(productArn);
  if (match === null) return null;
  const [, region = '', company = '', product = ''] = match;
  return { region: REGION_PATTERN.test(region) ? region : null, company, product };
}

/** Products that matter to scoring or domains; every other product is `other`. */
export type ProductKey =
  | 'securityhub'
  | 'config'
  | 'guardduty'
  | 'detective'
  | 'inspector'
  | 'firewall-manager'
  | 'network-firewall'
  | 'shield'
  | 'macie'
  | 'access-analyzer'
  | 'other';

/** Product part of `product/aws/<product>`; each equals its key. */
const BY_SLUG: ReadonlyMap<string, ProductKey> = new Map(
  (
    [
      'securityhub',
      'config',
      'guardduty',
      'detective',
      'inspector',
      'firewall-manager',
      'network-firewall',
      'shield',
      'macie',
      'access-analyzer',
    ] as const
  ).map((key) => [key, key]),
);

/** Product names as AWS writes them in `ProductName`, compared as lowercase words. */
const BY_NAME: ReadonlyMap<string, ProductKey> = new Map([
  ['security hub', 'securityhub'],
  ['security hub cspm', 'securityhub'],
  ['config', 'config'],
  ['guardduty', 'guardduty'],
  ['detective', 'detective'],
  ['inspector', 'inspector'],
  ['firewall manager', 'firewall-manager'],
  ['network firewall', 'network-firewall'],
  ['shield', 'shield'],
  ['shield advanced', 'shield'],
  ['macie', 'macie'],
  ['iam access analyzer', 'access-analyzer'],
  ['access analyzer', 'access-analyzer'],
]);

function nameKey(productName: string): string {
  const words = productName.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  const trimmed = words[0] === 'aws' || words[0] === 'amazon' ? words.slice(1) : words;
  return trimmed.join(' ');
}

/**
 * Which product sent a finding. The ProductArn decides when it is a product ARN: only the
 * company `aws` names an AWS product, so a partner tool is `other` whatever its ProductName.
 * Without a readable ARN, the ProductName decides.
 */
export function identifyProduct(productArn: string | null | undefined, productName?: string | null): ProductKey {
  const parts = productArn ? parseProductArn(productArn) : null;
  if (parts !== null) return parts.company === 'aws' ? (BY_SLUG.get(parts.product) ?? 'other') : 'other';
  if (!productName) return 'other';
  return BY_NAME.get(nameKey(productName)) ?? 'other';
}

const PRODUCT_DOMAIN: ReadonlyMap<ProductKey, DomainKey> = new Map([
  ['guardduty', 'incident-response'],
  ['detective', 'incident-response'],
  ['inspector', 'infrastructure'],
  ['firewall-manager', 'infrastructure'],
  ['network-firewall', 'infrastructure'],
  ['shield', 'infrastructure'],
  ['macie', 'data-protection'],
  ['access-analyzer', 'iam'],
]);

/** Domain of a finding that is not a control check, from its product; `null` for any other product. */
export function domainForProduct(product: ProductKey): DomainKey | null {
  return PRODUCT_DOMAIN.get(product) ?? null;
}
