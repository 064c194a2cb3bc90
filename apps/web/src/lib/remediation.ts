/**
 * AWS's remediation page of a Security Hub control (the URL its own findings carry in
 * `Remediation.Recommendation.Url`). Only for plain control ids like `S3.1`: Config rules (`config:...`) and
 * standard-qualified ids (`cis-aws-foundations-benchmark/v/1.2.0/1.4`) have no such page.
 */
export function remediationUrl(controlId: string): string | null {
  if (!/^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)*\.\d+$/.test(controlId)) return null;
  return `https://docs.aws.amazon.com/console/securityhub/${controlId}/remediation`;
}
