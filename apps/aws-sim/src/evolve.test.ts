import { describe, expect, it } from 'vitest';
import { CONTROLS } from './catalog.ts';
import { renderFinding } from './asff.ts';
import { advanceWorld, removeFindings } from './evolve.ts';
import { generateWorld } from './generate.ts';
import { viewState } from './state.ts';

const opts = { seed: 21, accounts: 10, regions: ['us-east-1', 'eu-west-1'] };
const byId = (w: ReturnType<typeof generateWorld>) => new Map(viewState(w).findingRecords().map((r) => [r.id, r]));

describe('advanceWorld', () => {
  it('moves the clock one day and stamps only changed findings with that day', () => {
    const w = generateWorld(opts);
    const before = byId(w);
    const summary = advanceWorld(w);
    expect(summary.day).toBe('2025-06-03');
    const after = byId(w);
    const changes = w.changes.get('2025-06-03');
    const changed = new Set(changes?.findings.map((c) => c.id));
    expect(changed.size).toBe(summary.created + summary.updated);
    for (const [id, r] of after) {
      const old = before.get(id);
      if (changed.has(id)) {
        expect(r.updatedAt.slice(0, 10)).toBe('2025-06-03');
        expect(r.updatedAt < '2025-06-03T20:00:00.000Z').toBe(true);
      } else {
        expect(old).toEqual(r);
      }
    }
  });

  it('records before and after for every change, and only real changes', () => {
    const w = generateWorld(opts);
    advanceWorld(w);
    const log = w.changes.get(w.clock.day);
    expect(log?.findings.some((c) => c.change === 'created')).toBe(true);
    for (const c of log?.findings ?? []) {
      if (c.change === 'created') expect(c.before).toBeNull();
      else expect(c.before).not.toEqual(c.after);
    }
  });

  it('is deterministic for the same seed and the same stories', () => {
    const a = generateWorld(opts);
    const b = generateWorld(opts);
    for (let d = 0; d < 3; d++) {
      advanceWorld(a, { improve: ['iam'] });
      advanceWorld(b, { improve: ['iam'] });
    }
    expect(viewState(b).findingRecords()).toEqual(viewState(a).findingRecords());
    expect(b.changes.get('2025-06-05')).toEqual(a.changes.get('2025-06-05'));
  });

  it('fixes an improving domain faster than it breaks, and breaks a regressing one', () => {
    const domainOf = new Map(CONTROLS.map((c) => [c.id, c.domain]));
    const tally = (story: Parameters<typeof advanceWorld>[1], domain: string) => {
      const w = generateWorld({ ...opts, accounts: 30 });
      let fixed = 0;
      let broken = 0;
      for (let d = 0; d < 3; d++) {
        advanceWorld(w, story);
        for (const c of w.changes.get(w.clock.day)?.findings ?? []) {
          if (c.change !== 'updated' || domainOf.get(c.subject) !== domain) continue;
          if (c.before?.complianceStatus === 'FAILED' && c.after?.complianceStatus === 'PASSED') fixed++;
          if (c.before?.complianceStatus === 'PASSED' && c.after?.complianceStatus === 'FAILED') broken++;
        }
      }
      return { fixed, broken };
    };
    const up = tally({ improve: ['data-protection'] }, 'data-protection');
    expect(up.fixed).toBeGreaterThan(up.broken * 3);
    const down = tally({ regress: ['iam'] }, 'iam');
    expect(down.broken).toBeGreaterThan(down.fixed);
  });

  it('adds a burst of GuardDuty findings for an incident', () => {
    const w = generateWorld(opts);
    const target = w.org.accounts[3]?.id ?? '';
    advanceWorld(w, { incident: { accountId: target, findings: 30 } });
    const gd = w.changes.get(w.clock.day)?.findings.filter((c) => c.change === 'created' && c.subject === 'GuardDuty' && c.accountId === target) ?? [];
    expect(gd.length).toBeGreaterThanOrEqual(30);
  });

  it('re-rates the findings a story names, changing nothing else of the day', () => {
    const [a, b] = [generateWorld(opts), generateWorld(opts)];
    const records = viewState(a).findingRecords();
    const gd = records.find((r) => r.product === 'guardduty' && r.recordState === 'ACTIVE')?.id ?? '';
    const insp = records.find((r) => r.product === 'inspector' && r.recordState === 'ACTIVE')?.id ?? '';
    const label = (w: typeof a, id: string) => (renderFinding(w, w.findIndex(id) ?? -1).Severity as { Label: string }).Label;
    expect([label(a, gd), label(a, insp)]).not.toContain('INFORMATIONAL');
    advanceWorld(a, { improve: ['iam'] });
    advanceWorld(b, { improve: ['iam'], rescore: { [gd]: 'INFORMATIONAL', [insp]: 'INFORMATIONAL' } });
    expect([label(b, gd), label(b, insp)]).toEqual(['INFORMATIONAL', 'INFORMATIONAL']);
    const changed = b.changes.get(b.clock.day)?.findings.filter((c) => c.id === gd || c.id === insp) ?? [];
    expect(changed.map((c) => [c.change, c.after?.severityLabel, c.after?.updatedAt.slice(0, 10)])).toEqual([
      ['updated', 'INFORMATIONAL', b.clock.day],
      ['updated', 'INFORMATIONAL', b.clock.day],
    ]);
    const others = (w: typeof a) => viewState(w).findingRecords().filter((r) => r.id !== gd && r.id !== insp);
    expect(others(b)).toEqual(others(a));
    const control = records.find((r) => r.controlId !== null)?.id ?? '';
    expect(() => advanceWorld(b, { rescore: { [control]: 'LOW' } })).toThrow(/control check/);
    expect(() => advanceWorld(b, { rescore: { [gd]: 'SEVERE' } })).toThrow(/no severity/);
    expect(b.clock.day).toBe(a.clock.day);
  });

  it('never touches the NO_DATA pair', () => {
    const w = generateWorld(opts);
    const pair = w.org.noDataPairs[0];
    for (let d = 0; d < 5; d++) advanceWorld(w, { regress: ['iam', 'detective'], improve: ['infrastructure'] });
    const findings = viewState(w).findingRecords().filter((r) => r.accountId === pair?.accountId && r.controlId === pair.controlId);
    expect(findings.every((f) => f.workflowStatus === 'SUPPRESSED' && f.updatedAt < '2025-06-03')).toBe(true);
  });

  it('moves Config evaluations along with the control findings they mirror', () => {
    const w = generateWorld(opts);
    advanceWorld(w, { regress: ['iam', 'detective', 'infrastructure', 'data-protection', 'incident-response'] });
    const cfg = w.changes.get(w.clock.day)?.config ?? [];
    expect(cfg.some((c) => c.configRuleName.startsWith('securityhub-') && c.after === 'NON_COMPLIANT')).toBe(true);
  });
});

describe('removeFindings', () => {
  it('removes findings without touching their UpdatedAt and records the removal', () => {
    const w = generateWorld(opts);
    const ids = viewState(w).findingRecords().slice(0, 3).map((r) => r.id);
    expect(removeFindings(w, [...ids, 'arn:aws:securityhub:us-east-1:111111111111:nope'])).toBe(3);
    const left = byId(w);
    for (const id of ids) expect(left.has(id)).toBe(false);
    const log = w.changes.get(w.clock.day)?.findings ?? [];
    expect(log.filter((c) => c.change === 'removed').map((c) => c.id)).toEqual(ids);
    expect(removeFindings(w, ids)).toBe(0);
  });
});
