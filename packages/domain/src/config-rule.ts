/** Control ids of AWS Config rules are `config:<ConfigRuleName>` (SCORING.md "Units"). */
export const CONFIG_CONTROL_PREFIX = 'config:';

export function configControlId(ruleName: string): string {
  return `${CONFIG_CONTROL_PREFIX}${ruleName}`;
}

export function isConfigControlId(controlId: string): boolean {
  return controlId.startsWith(CONFIG_CONTROL_PREFIX);
}

/** The rule name of a `config:` control id, else `null`. */
export function configRuleNameOf(controlId: string): string | null {
  return isConfigControlId(controlId) ? controlId.slice(CONFIG_CONTROL_PREFIX.length) : null;
}

/**
 * Rules named `securityhub-...` are created by Security Hub for its own controls; their results
 * already arrive as control findings, so they are never a control of their own.
 */
export function isSecurityHubManagedRule(ruleName: string): boolean {
  return ruleName.startsWith('securityhub-');
}

/** Removes a trailing `-conformance-pack-<id>` that conformance packs append to rule names. */
export function stripConformancePackSuffix(ruleName: string): string {
  return ruleName.replace(/-conformance-pack-[A-Za-z0-9]+$/, '');
}

/** A managed rule's `SourceIdentifier` as a rule name: `S3_BUCKET_LOGGING_ENABLED` -> `s3-bucket-logging-enabled`. */
export function managedIdentifierToRuleName(sourceIdentifier: string): string {
  return sourceIdentifier.toLowerCase().replaceAll('_', '-');
}
