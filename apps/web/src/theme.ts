// Every data colour of DESIGN.md, in one place. Colour is a second cue: the number or word is always printed.
import type { DomainKey, Severity } from './api/types.ts';

export interface DomainStyle {
  key: DomainKey;
  /** Short label for columns, legends and cards. */
  label: string;
  color: string;
}

/** Okabe-Ito, fixed in every chart; the five domains in the API's order. */
export const DOMAINS: readonly DomainStyle[] = [
  { key: 'iam', label: 'IAM', color: '#0072B2' },
  { key: 'detective', label: 'Detective', color: '#E69F00' },
  { key: 'infrastructure', label: 'Infrastructure', color: '#009E73' },
  { key: 'data-protection', label: 'Data protection', color: '#CC79A7' },
  { key: 'incident-response', label: 'Incident response', color: '#D55E00' },
];

export const DOMAIN_BY_KEY: Readonly<Record<DomainKey, DomainStyle>> = Object.fromEntries(
  DOMAINS.map((d) => [d.key, d]),
) as Record<DomainKey, DomainStyle>;

export function domainLabel(key: DomainKey | null | undefined): string {
  return key ? DOMAIN_BY_KEY[key].label : 'Unmapped';
}

export const SEVERITY_COLORS: Readonly<Record<Severity, string>> = {
  CRITICAL: '#7f0000',
  HIGH: '#d7301f',
  MEDIUM: '#fc8d59',
  LOW: '#6b7b8c',
  INFORMATIONAL: '#a0a0a0',
};

export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = {
  CRITICAL: 'Critical',
  HIGH: 'High',
  MEDIUM: 'Medium',
  LOW: 'Low',
  INFORMATIONAL: 'Informational',
};

/** Score scale of DESIGN.md, colour-blind safe (ColorBrewer RdBu). */
export const SCORE_SCALE = {
  poor: '#b2182b', // 0 <= s < 50
  weak: '#ef8a62', // 50 <= s < 70
  fairLow: '#fddbc7', // 70, blending to
  fairHigh: '#d1e5f0', // 85
  good: '#2166ac', // 85 <= s <= 100
} as const;

function parseHex(hex: string): [number, number, number] {
  const h = hex.replace('#', '');
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
}

function toHex(rgb: readonly number[]): string {
  return `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

/** Linear blend of two `#rrggbb` colours, t in [0, 1]. */
export function mixHex(from: string, to: string, t: number): string {
  const a = parseHex(from);
  const b = parseHex(to);
  const k = Math.min(1, Math.max(0, t));
  return toHex(a.map((c, i) => c + ((b[i] ?? c) - c) * k));
}

/** Background colour of a score; null for "no data" (the caller uses the neutral surface). */
export function scoreColor(score: number | null | undefined): string | null {
  if (score === null || score === undefined || !Number.isFinite(score)) return null;
  if (score < 50) return SCORE_SCALE.poor;
  if (score < 70) return SCORE_SCALE.weak;
  if (score < 85) return mixHex(SCORE_SCALE.fairLow, SCORE_SCALE.fairHigh, (score - 70) / 15);
  return SCORE_SCALE.good;
}

/** WCAG relative luminance of `#rrggbb`. */
export function luminance(hex: string): number {
  const [r, g, b] = parseHex(hex).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

export const INK_DARK = '#111111';
export const INK_LIGHT = '#ffffff';

/** Dark or white text, whichever reads better on `background`. */
export function readableInk(background: string): string {
  return contrastRatio(background, INK_DARK) >= contrastRatio(background, INK_LIGHT) ? INK_DARK : INK_LIGHT;
}

/** Cell style of a score on its colour; "no data" keeps the page's own surface. */
export function scoreCellColors(score: number | null | undefined): { background: string; color: string } | null {
  const background = scoreColor(score);
  return background === null ? null : { background, color: readableInk(background) };
}

/** The data colours as CSS custom properties, set once on <html> so that the stylesheet shares this source. */
export function themeCssVariables(): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const d of DOMAINS) vars[`--domain-${d.key}`] = d.color;
  for (const [severity, color] of Object.entries(SEVERITY_COLORS)) {
    vars[`--severity-${severity.toLowerCase()}`] = color;
    vars[`--severity-${severity.toLowerCase()}-ink`] = readableInk(color);
  }
  vars['--score-poor'] = SCORE_SCALE.poor;
  vars['--score-good'] = SCORE_SCALE.good;
  return vars;
}
