// History against SCORING.md "Time", synced every day: a generated organisation synced as of D1 (a Sunday, the
// end of ISO week W-1), advanced one simulated day at a time to D8 (the next Sunday, the end of W) with a story
// and synced as of each day (./week.ts). Trends, past postures, failing-since and the weekly review of W must
// equal the ground truth of the simulator's state snapshotted after each day's sync.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOpen } from './ground-truth.ts';
import { D1, D8, DAYS, INCIDENT_DAY, simulateWeek, weekTests, type Week } from './week.ts';

let week: Week;

beforeAll(async () => {
  week = await simulateWeek(3, () => true);
}, 400_000);

afterAll(async () => {
  await week?.close();
});

describe('the simulated week, synced every day', () => {
  it('records every day from D1 to D8, each with changes', () => {
    expect(week.recorded).toEqual(DAYS);
    for (const day of DAYS.slice(1)) expect(week.p.sim.changesOn(day)?.findings.length, day).toBeGreaterThan(0);
    expect(week.on(D8).posture().overall).not.toEqual(week.on(D1).posture().overall);
  });

  it("has the incident's GuardDuty findings open on its day", () => {
    const created = new Set((week.p.sim.changesOn(INCIDENT_DAY)?.findings ?? []).filter((c) => c.change === 'created').map((c) => c.id));
    const incident = week.on(INCIDENT_DAY).facts.filter((f) => created.has(f.id) && f.product === 'aws/guardduty');
    expect(incident.length).toBeGreaterThanOrEqual(12);
    expect(incident.every(isOpen)).toBe(true);
  });
});

weekTests(() => week);
