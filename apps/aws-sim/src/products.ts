/** Templates for findings from other AWS products (no `Compliance`; they never change a score). */

export interface GuardDutyTemplate {
  readonly type: string;
  /** GuardDuty's own severity (2 low, 5 medium, 8 high). */
  readonly severity: 2 | 5 | 8;
  readonly resource: 'instance' | 'accessKey' | 'bucket';
  /** `{r}` is replaced by the resource's short id. */
  readonly title: string;
}

export const GUARDDUTY_TEMPLATES: readonly GuardDutyTemplate[] = [
  { type: 'TTPs/Initial Access/UnauthorizedAccess:EC2-SSHBruteForce', severity: 2, resource: 'instance', title: '198.51.100.23 is performing SSH brute force attacks against {r}.' },
  { type: 'TTPs/Command and Control/Backdoor:EC2-C&CActivity.B!DNS', severity: 8, resource: 'instance', title: 'EC2 instance {r} is querying a domain name associated with a known Command & Control server.' },
  { type: 'Effects/Resource Consumption/CryptoCurrency:EC2-BitcoinTool.B!DNS', severity: 8, resource: 'instance', title: 'EC2 instance {r} is querying a domain name that is associated with Bitcoin-related activity.' },
  { type: 'TTPs/Discovery/Recon:IAMUser-UserPermissions', severity: 5, resource: 'accessKey', title: 'Unusual user permission reconnaissance activity by {r}.' },
  { type: 'Software and Configuration Checks/Policy:S3-BucketBlockPublicAccessDisabled', severity: 2, resource: 'bucket', title: 'Amazon S3 Block Public Access was disabled for S3 bucket {r}.' },
  { type: 'TTPs/Defense Evasion/Stealth:IAMUser-CloudTrailLoggingDisabled', severity: 2, resource: 'accessKey', title: 'AWS CloudTrail trail was disabled by {r}.' },
  { type: 'TTPs/Credential Access/UnauthorizedAccess:IAMUser-InstanceCredentialExfiltration.OutsideAWS', severity: 8, resource: 'accessKey', title: 'Credentials for the EC2 instance role {r} were used from a remote AWS account.' },
];

/** Templates an incident story draws from: the high-severity ones. */
export const GUARDDUTY_INCIDENT: readonly number[] = GUARDDUTY_TEMPLATES.flatMap((t, i) => (t.severity === 8 ? [i] : []));

export interface InspectorTemplate {
  readonly cve: string;
  readonly pkg: string;
  readonly version: string;
  readonly fixed: string;
  readonly score: number;
  readonly label: 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW';
}

export const INSPECTOR_TEMPLATES: readonly InspectorTemplate[] = [
  { cve: 'CVE-2022-3643', pkg: 'kernel', version: '4.14.301', fixed: '0:5.10.162-141.675.amzn2', score: 10, label: 'CRITICAL' },
  { cve: 'CVE-2023-38408', pkg: 'openssh', version: '7.4p1', fixed: '0:7.4p1-22.amzn2.0.5', score: 9.8, label: 'CRITICAL' },
  { cve: 'CVE-2023-4911', pkg: 'glibc', version: '2.26', fixed: '0:2.26-64.amzn2.0.1', score: 7.8, label: 'HIGH' },
  { cve: 'CVE-2023-44487', pkg: 'nghttp2', version: '1.41.0', fixed: '0:1.41.0-1.amzn2.0.4', score: 7.5, label: 'HIGH' },
  { cve: 'CVE-2023-5678', pkg: 'openssl', version: '1.0.2k', fixed: '1:1.0.2k-24.amzn2.0.10', score: 5.3, label: 'MEDIUM' },
  { cve: 'CVE-2022-40897', pkg: 'python3-setuptools', version: '49.1.3', fixed: '0:49.1.3-1.amzn2.0.3', score: 5.9, label: 'MEDIUM' },
  { cve: 'CVE-2023-28531', pkg: 'curl', version: '7.79.1', fixed: '0:8.0.1-1.amzn2.0.1', score: 3.7, label: 'LOW' },
];

export const NORMALIZED_OF_LABEL: Readonly<Record<string, number>> = {
  INFORMATIONAL: 0,
  LOW: 1,
  MEDIUM: 40,
  HIGH: 70,
  CRITICAL: 90,
};

/** AWS's ranges: 0 INFORMATIONAL, 1-39 LOW, 40-69 MEDIUM, 70-89 HIGH, 90-100 CRITICAL. */
export function labelOfNormalized(n: number): string {
  if (n < 1) return 'INFORMATIONAL';
  if (n < 40) return 'LOW';
  if (n < 70) return 'MEDIUM';
  if (n < 90) return 'HIGH';
  return 'CRITICAL';
}
