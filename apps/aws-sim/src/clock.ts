const DAY_MS = 86_400_000;
/** Simulated "now" within a day: changes of a day are stamped between 00:00 and this hour (UTC). */
export const NOW_HOUR = 20;

/** The simulator's own calendar: a current UTC day and a fixed time of day that stands for "now". */
export class SimClock {
  private readonly startMs: number;
  dayIndex = 0;

  constructor(startDay: string) {
    const ms = Date.parse(`${startDay}T00:00:00.000Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(startDay) || Number.isNaN(ms)) throw new Error(`invalid start day: ${startDay}`);
    this.startMs = ms;
  }

  /** The current simulated day, `YYYY-MM-DD`. */
  get day(): string {
    return new Date(this.dayStartMs()).toISOString().slice(0, 10);
  }

  dayStartMs(): number {
    return this.startMs + this.dayIndex * DAY_MS;
  }

  nowMs(): number {
    return this.dayStartMs() + NOW_HOUR * 3_600_000;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  advance(): void {
    this.dayIndex++;
  }
}

export { DAY_MS };
