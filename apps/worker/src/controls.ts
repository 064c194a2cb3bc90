import { configControlId, domainForControl, fsbpCatalog, remediationUrl, type NormalizedFinding } from '@pillar/domain';
import type { ControlRow } from '@pillar/db';

const ctx = { catalog: fsbpCatalog };

/** Every control of the catalog, with its default domain (SCORING.md): written at worker start. */
export function catalogControls(): ControlRow[] {
  return fsbpCatalog.controls.map((c) => ({
    id: c.id,
    source: 'securityhub',
    title: c.title,
    severity: c.severity,
    category: c.category,
    domain: domainForControl(c.id, ctx),
    configRule: c.configRule,
    remediationUrl: remediationUrl(c.id),
    inCatalog: true,
  }));
}

/** A control first met in a finding (standard-qualified or newer than the catalog). */
export function controlFromFinding(f: NormalizedFinding & { controlId: string }): ControlRow {
  const known = fsbpCatalog.byId(f.controlId);
  return {
    id: f.controlId,
    source: 'securityhub',
    title: known?.title ?? f.title,
    severity: known?.severity ?? f.severityLabel,
    category: known?.category ?? null,
    domain: domainForControl(f.controlId, ctx),
    configRule: known?.configRule ?? null,
    remediationUrl: remediationUrl(f.controlId),
    inCatalog: known !== undefined,
  };
}

/** The control of an AWS Config rule that Security Hub did not create: `config:<RuleName>`. */
export function controlFromConfigRule(ruleName: string, sourceIdentifier?: string | null): ControlRow {
  const sources = sourceIdentifier ? new Map([[ruleName, sourceIdentifier]]) : undefined;
  const id = configControlId(ruleName);
  return {
    id,
    source: 'config',
    title: `AWS Config rule ${ruleName}`,
    severity: null,
    category: null,
    domain: domainForControl(id, { catalog: fsbpCatalog, ...(sources ? { configRuleSources: sources } : {}) }),
    configRule: ruleName,
    remediationUrl: null,
    inCatalog: false,
  };
}
