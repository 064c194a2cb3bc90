import type { Catalog } from './catalog.ts';
import { domainForCategory } from './category-domain.ts';
import {
  configControlId,
  configRuleNameOf,
  managedIdentifierToRuleName,
  stripConformancePackSuffix,
} from './config-rule.ts';
import type { DomainKey } from './domains.ts';

export { CATEGORY_ROWS, categoryWords, domainForCategory, matchCategoryRow } from './category-domain.ts';
export type { CategoryRow } from './category-domain.ts';

/** Admin overrides by control id (`IAM.1`, `config:my-rule`); they win over every other rule. */
export type DomainOverrides = ReadonlyMap<string, DomainKey> | Readonly<Record<string, DomainKey>>;

/** What the mapping reads; pass only what you have (a test passes a two-control catalog). */
export interface DomainContext {
  readonly catalog: Pick<Catalog, 'byId' | 'byConfigRule'>;
  readonly overrides?: DomainOverrides;
  /** Managed `SourceIdentifier` by Config rule name, for rules where it is known (owner AWS). */
  readonly configRuleSources?: ReadonlyMap<string, string>;
}

/** Controls mapped by id before any category (SCORING.md "Domains"). */
export const DOMAIN_BY_ID: ReadonlyMap<string, DomainKey> = new Map([
  ['Account.1', 'incident-response'],
  ['Config.1', 'detective'],
]);

function overrideOf(overrides: DomainOverrides | undefined, controlId: string): DomainKey | undefined {
  if (overrides === undefined) return undefined;
  if (overrides instanceof Map) return (overrides as ReadonlyMap<string, DomainKey>).get(controlId);
  const record = overrides as Readonly<Record<string, DomainKey>>;
  return Object.hasOwn(record, controlId) ? record[controlId] : undefined;
}

/**
 * Domain of a control id: an override, else (for `config:` ids) the Config-rule mapping, else the
 * by-id rules, else the catalog category. `null` means the control has no domain ("unmapped").
 */
export function domainForControl(controlId: string, ctx: DomainContext): DomainKey | null {
  const override = overrideOf(ctx.overrides, controlId);
  if (override !== undefined) return override;
  const ruleName = configRuleNameOf(controlId);
  if (ruleName !== null) return configRuleDefault(ruleName, ctx);
  const byId = DOMAIN_BY_ID.get(controlId);
  if (byId !== undefined) return byId;
  return domainForCategory(ctx.catalog.byId(controlId)?.category);
}

/** Domain of an AWS Config rule: the same as `domainForControl('config:<ruleName>')`. */
export function domainForConfigRule(ruleName: string, ctx: DomainContext): DomainKey | null {
  return domainForControl(configControlId(ruleName), ctx);
}

/**
 * A Config rule takes the domain of the catalog control whose `configRule` is the rule name
 * (conformance-pack suffix removed), else of the control matching the rule's managed
 * `SourceIdentifier` (lowercased, `_` -> `-`), else none. The catalog control's domain is its
 * effective one, so an override of that control carries over to the rule.
 */
function configRuleDefault(ruleName: string, ctx: DomainContext): DomainKey | null {
  const control =
    ctx.catalog.byConfigRule(stripConformancePackSuffix(ruleName)) ??
    sourceControl(ctx.configRuleSources?.get(ruleName), ctx);
  return control === undefined ? null : domainForControl(control.id, ctx);
}

function sourceControl(sourceIdentifier: string | undefined, ctx: DomainContext) {
  if (sourceIdentifier === undefined) return undefined;
  return ctx.catalog.byConfigRule(managedIdentifierToRuleName(sourceIdentifier));
}
