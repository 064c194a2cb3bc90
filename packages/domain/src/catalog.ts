import rawCatalog from './catalog/fsbp-controls.json' with { type: 'json' };
import { isSeverityLabel, type SeverityLabel } from './severity.ts';

/**
 * One control of the FSBP catalog (`catalog/fsbp-controls.json`). `id` is a Security Hub security
 * control id (`IAM.1`); ids are unique in a catalog. `status` (current or retired) never changes
 * how a control is scored or mapped.
 */
export interface CatalogControl {
  readonly id: string;
  readonly title: string;
  readonly severity: SeverityLabel;
  /** AWS category, e.g. `Protect > Secure access management`; `null` when AWS gives none. */
  readonly category: string | null;
  /** Name of the AWS Config managed rule the control evaluates, when it has one. */
  readonly configRule: string | null;
  readonly configRuleKind: string | null;
  readonly resourceType: string | null;
  readonly status: string;
}

/** Read-only lookups over a list of controls. */
export interface Catalog {
  readonly controls: readonly CatalogControl[];
  byId(id: string): CatalogControl | undefined;
  /** The first control, in catalog order, whose `configRule` equals `ruleName` exactly. */
  byConfigRule(ruleName: string): CatalogControl | undefined;
}

const MAX_FIELD = 1024;

function optionalString(value: unknown): string | null | undefined {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' && value.length <= MAX_FIELD ? value : undefined;
}

/** Validates one raw catalog entry; `null` when a field is missing or of the wrong type. */
export function parseCatalogEntry(raw: unknown): CatalogControl | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const r = raw as Record<string, unknown>;
  const { id, title, severity, status } = r;
  if (typeof id !== 'string' || !/^[A-Za-z0-9]+\.\d+$/.test(id)) return null;
  if (typeof title !== 'string' || title.length > MAX_FIELD) return null;
  if (!isSeverityLabel(severity) || typeof status !== 'string') return null;
  const category = optionalString(r.category);
  const configRule = optionalString(r.configRule);
  const configRuleKind = optionalString(r.configRuleKind);
  const resourceType = optionalString(r.resourceType);
  if (category === undefined || configRule === undefined) return null;
  if (configRuleKind === undefined || resourceType === undefined) return null;
  return { id, title, severity, category, configRule, configRuleKind, resourceType, status };
}

/** Builds the lookups. Throws when two entries share an id: a catalog is a set of controls. */
export function createCatalog(controls: readonly CatalogControl[]): Catalog {
  const byId = new Map<string, CatalogControl>();
  const byRule = new Map<string, CatalogControl>();
  for (const control of controls) {
    if (byId.has(control.id)) throw new Error(`duplicate control id in catalog: ${control.id}`);
    byId.set(control.id, control);
    if (control.configRule !== null && !byRule.has(control.configRule)) byRule.set(control.configRule, control);
  }
  return {
    controls,
    byId: (id) => byId.get(id),
    byConfigRule: (ruleName) => byRule.get(ruleName),
  };
}

/** Parses a whole catalog document, naming the first bad entry. */
export function parseCatalog(raw: unknown): readonly CatalogControl[] {
  if (!Array.isArray(raw)) throw new Error('catalog must be an array of controls');
  return raw.map((entry: unknown, index) => {
    const control = parseCatalogEntry(entry);
    if (control === null) throw new Error(`invalid catalog entry at index ${index}`);
    return control;
  });
}

/** The bundled FSBP catalog, validated once when the module loads. */
export const fsbpCatalog: Catalog = createCatalog(parseCatalog(rawCatalog));

const DOCS = 'https://docs.aws.amazon.com/securityhub/latest/userguide';

/**
 * AWS's documentation page for a security control id, following AWS's URL pattern
 * (`IAM.1` -> `.../iam-controls.html#iam-1`). `null` for ids that are not `<Service>.<n>`
 * (standard-qualified ids such as `cis-aws-foundations-benchmark/v/1.2.0/1.4`, `config:` rules).
 */
export function remediationUrl(controlId: string): string | null {
  const match = /^([A-Za-z0-9]+)\.(\d+)$/.exec(controlId);
  if (match === null) return null;
  const service = (match[1] ?? '').toLowerCase();
  return `${DOCS}/${service}-controls.html#${service}-${match[2] ?? ''}`;
}
