import { identifier, prop } from './untrusted.ts';

/** Marker of the FSBP standard in a StandardsArn: its control ids already are security control ids. */
export const FSBP_STANDARD = 'aws-foundational-security-best-practices';

const MAX_CONTROL_ID = 128;
const MAX_ARN = 512;

/** The part of a standards ARN after `standards/` or `ruleset/`: `cis-aws-foundations-benchmark/v/1.2.0`. */
export function standardOf(standardsArn: string): string | null {
  const match = /(?:^|[:/])(?:standards|ruleset)\/(.+)$/.exec(standardsArn);
  return match?.[1] ?? null;
}

/**
 * The control a finding names, per SCORING.md "Units": `Compliance.SecurityControlId`, else
 * `ProductFields.ControlId`, else `ProductFields.RuleId`; the latter two are qualified by their
 * standard (`pci-dss/v/3.2.1/PCI.IAM.1`) unless the standard is FSBP or no standard is named.
 * `null` when the finding names no control.
 */
export function controlIdOf(finding: unknown): string | null {
  const securityControlId = identifier(prop(prop(finding, 'Compliance'), 'SecurityControlId'), MAX_CONTROL_ID);
  if (securityControlId !== null) return securityControlId;
  const fields = prop(finding, 'ProductFields');
  const id = identifier(prop(fields, 'ControlId'), MAX_CONTROL_ID) ?? identifier(prop(fields, 'RuleId'), MAX_CONTROL_ID);
  if (id === null) return null;
  const standardsArn =
    identifier(prop(fields, 'StandardsArn'), MAX_ARN) ?? identifier(prop(fields, 'StandardsGuideArn'), MAX_ARN);
  if (standardsArn === null || standardsArn.includes(FSBP_STANDARD)) return id;
  const standard = standardOf(standardsArn);
  return standard === null ? id : `${standard}/${id}`;
}
