/** Severity labels of ASFF, most severe first (the order of `Severities` in the API). */
export const SEVERITY_LABELS = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'] as const;

export type SeverityLabel = (typeof SEVERITY_LABELS)[number];

export function isSeverityLabel(value: unknown): value is SeverityLabel {
  return typeof value === 'string' && (SEVERITY_LABELS as readonly string[]).includes(value);
}

/**
 * AWS's ranges for `Severity.Normalized`: 0 INFORMATIONAL, 1-39 LOW, 40-69 MEDIUM, 70-89 HIGH,
 * 90-100 CRITICAL. Fractions fall into the range below the next bound (39.5 is LOW).
 * Returns `null` for anything that is not a finite number in [0, 100].
 */
export function severityFromNormalized(normalized: unknown): SeverityLabel | null {
  if (typeof normalized !== 'number' || !Number.isFinite(normalized)) return null;
  if (normalized < 0 || normalized > 100) return null;
  if (normalized < 1) return 'INFORMATIONAL';
  if (normalized < 40) return 'LOW';
  if (normalized < 70) return 'MEDIUM';
  if (normalized < 90) return 'HIGH';
  return 'CRITICAL';
}
