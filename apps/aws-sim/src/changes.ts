/** What one simulated day changed, so a test can ask "what changed on day D" with before and after. */

export interface FindingSnapshot {
  readonly complianceStatus: string | null;
  readonly workflowStatus: string;
  readonly recordState: string;
  readonly severityLabel: string;
  readonly updatedAt: string;
}

export interface FindingChange {
  readonly id: string;
  readonly accountId: string;
  readonly region: string;
  /** Control id for control checks (`IAM.1`, or the CIS rule id for CIS 1.2.0 findings); else the product. */
  readonly subject: string;
  /** `created`: a new finding; `updated`: changed in place; `removed`: AWS no longer returns it. */
  readonly change: 'created' | 'updated' | 'removed';
  readonly before: FindingSnapshot | null;
  readonly after: FindingSnapshot | null;
}

export interface ConfigChange {
  readonly accountId: string;
  readonly region: string;
  readonly configRuleName: string;
  readonly resourceType: string;
  readonly resourceId: string;
  /** COMPLIANT / NON_COMPLIANT / NOT_APPLICABLE, or null when the evaluation did not exist (or went away). */
  readonly before: string | null;
  readonly after: string | null;
}

export interface DayChanges {
  readonly day: string;
  readonly findings: FindingChange[];
  readonly config: ConfigChange[];
}

export class ChangeLog {
  private readonly days = new Map<string, DayChanges>();

  forDay(day: string): DayChanges {
    let d = this.days.get(day);
    if (!d) {
      d = { day, findings: [], config: [] };
      this.days.set(day, d);
    }
    return d;
  }

  get(day: string): DayChanges | undefined {
    return this.days.get(day);
  }

  daysRecorded(): string[] {
    return [...this.days.keys()].sort();
  }
}
