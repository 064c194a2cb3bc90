import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderFinding } from './asff.ts';
import { generateWorld } from './generate.ts';
import { Kind } from './store.ts';

const sample = JSON.parse(
  readFileSync(new URL('../../../packages/testkit/fixtures/aws-samples/asff/awsdocs-current__consolidated_multi-standard_CloudTrail.2.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

const world = generateWorld({ seed: 5, accounts: 6 });
const firstOf = (kind: number): number => {
  for (let i = 0; i < world.store.size; i++) if (world.store.kind[i] === kind && world.store.compliance[i] !== 1) return i;
  throw new Error(`no finding of kind ${kind}`);
};

describe('renderFinding', () => {
  it('gives consolidated control findings the top-level fields of a real one', () => {
    const f = renderFinding(world, firstOf(Kind.CONTROL));
    const required = Object.keys(sample).filter((k) => k !== 'ProcessedAt');
    for (const k of required) expect(f).toHaveProperty(k);
    expect(f.Id).toMatch(/^arn:aws:securityhub:[a-z0-9-]+:\d{12}:security-control\/[A-Za-z0-9]+\.\d+\/finding\/[0-9a-f-]{36}$/);
    expect((f.Compliance as Record<string, unknown>).SecurityControlId).toBe(String(f.GeneratorId).replace('security-control/', ''));
  });

  it('gives per-standard findings ControlId/StandardsArn (FSBP) or RuleId/StandardsGuideArn (CIS 1.2.0) and no SecurityControlId', () => {
    const fsbp = renderFinding(world, firstOf(Kind.FSBP_LEGACY));
    const pf = fsbp.ProductFields as Record<string, string>;
    expect(pf.ControlId).toMatch(/^[A-Za-z0-9]+\.\d+$/);
    expect(pf.StandardsArn).toBe('arn:aws:securityhub:::standards/aws-foundational-security-best-practices/v/1.0.0');
    expect(fsbp.Compliance).not.toHaveProperty('SecurityControlId');
    const cis = renderFinding(world, firstOf(Kind.CIS_LEGACY));
    const cpf = cis.ProductFields as Record<string, string>;
    expect(cpf.RuleId).toMatch(/^\d\.\d+$/);
    expect(cpf.StandardsGuideArn).toBe('arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0');
    expect(cis.Compliance).not.toHaveProperty('SecurityControlId');
  });

  it('gives GuardDuty and Inspector findings a severity and no Compliance', () => {
    for (const kind of [Kind.GUARDDUTY, Kind.INSPECTOR]) {
      const f = renderFinding(world, firstOf(kind));
      expect(f).not.toHaveProperty('Compliance');
      const sev = f.Severity as { Label: string; Normalized: number };
      expect(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']).toContain(sev.Label);
      expect(typeof sev.Normalized).toBe('number');
    }
  });

  it('leaves Region out of findings flagged region-less, keeping it in ProductArn', () => {
    let i = 0;
    while (i < world.store.size && (world.store.flags[i]! & 1) === 0) i++;
    const f = renderFinding(world, i);
    expect(f).not.toHaveProperty('Region');
    expect(String(f.ProductArn)).toMatch(/^arn:aws:securityhub:[a-z]{2}-[a-z]+-\d::product\//);
  });

  it('marks passed control findings INFORMATIONAL, keeping the control severity as Original', () => {
    let i = 0;
    while (!(world.store.kind[i] === Kind.CONTROL && world.store.compliance[i] === 1)) i++;
    const sev = renderFinding(world, i).Severity as Record<string, unknown>;
    expect(sev.Label).toBe('INFORMATIONAL');
    expect(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']).toContain(sev.Original);
  });
});
