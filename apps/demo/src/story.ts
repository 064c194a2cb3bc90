import type { Story } from '@pillar/aws-sim';

/**
 * The demo's 90 days: identity and data protection improve steadily, infrastructure regresses from the middle
 * of the period, and one week holds an incident (a burst of GuardDuty findings).
 */
export function storyFor(dayIndex: number, days: number): Story {
  const regressFrom = Math.floor(days / 2);
  const incidentFrom = Math.max(1, days - 24);
  return {
    improve: ['iam', 'data-protection'],
    // One regressing day in four: a slide over weeks, not a collapse in days.
    ...(dayIndex >= regressFrom && (dayIndex - regressFrom) % 4 === 0 ? { regress: ['infrastructure'] } : {}),
    ...(dayIndex >= incidentFrom && dayIndex < incidentFrom + 7 ? { incident: { findings: 25 } } : {}),
  };
}
