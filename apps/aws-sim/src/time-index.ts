/**
 * Findings of one region ordered by (UpdatedAt, index): the order GetFindings pages through. An update
 * appends a new entry (updates always carry a later time) and leaves the old one behind as stale; an
 * entry is live while its time equals the finding's current UpdatedAt. Compaction drops stale entries.
 */
export class TimeIndex {
  private idx = new Int32Array(64);
  private ts = new Float64Array(64);
  length = 0;
  private stale = 0;

  /** Builds from finding indices in any order, keyed by their current UpdatedAt. */
  static build(indices: Int32Array, current: Float64Array): TimeIndex {
    const sorted = indices.slice().sort((x, y) => (current[x] ?? 0) - (current[y] ?? 0) || x - y);
    const t = new TimeIndex();
    for (const i of sorted) t.append(i, current[i] ?? 0);
    return t;
  }

  indexAt(p: number): number {
    return this.idx[p] ?? -1;
  }

  timeAt(p: number): number {
    return this.ts[p] ?? 0;
  }

  append(i: number, ts: number): void {
    const n = this.length;
    if (n > 0) {
      const lt = this.ts[n - 1] ?? 0;
      if (ts < lt || (ts === lt && i <= (this.idx[n - 1] ?? -1))) {
        throw new Error('TimeIndex.append: keys must be appended in increasing (time, index) order');
      }
    }
    if (n === this.idx.length) {
      const idx = new Int32Array(n * 2);
      idx.set(this.idx);
      const ts2 = new Float64Array(n * 2);
      ts2.set(this.ts);
      this.idx = idx;
      this.ts = ts2;
    }
    this.idx[n] = i;
    this.ts[n] = ts;
    this.length = n + 1;
  }

  /** Records that one entry became stale; compacts when most entries are. */
  markStale(current: Float64Array): void {
    this.stale++;
    if (this.stale > 1024 && this.stale * 2 > this.length) this.compact(current);
  }

  isLive(p: number, current: Float64Array): boolean {
    return current[this.idx[p] ?? 0] === this.ts[p];
  }

  /** First position whose key is strictly greater than (ts, i). */
  firstAfter(ts: number, i: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const mt = this.ts[mid] ?? 0;
      if (mt < ts || (mt === ts && (this.idx[mid] ?? 0) <= i)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Last position whose key is strictly less than (ts, i); -1 when none. */
  lastBefore(ts: number, i: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const mt = this.ts[mid] ?? 0;
      if (mt < ts || (mt === ts && (this.idx[mid] ?? 0) < i)) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  private compact(current: Float64Array): void {
    let w = 0;
    for (let r = 0; r < this.length; r++) {
      const i = this.idx[r] ?? 0;
      const t = this.ts[r] ?? 0;
      if (current[i] === t) {
        this.idx[w] = i;
        this.ts[w] = t;
        w++;
      }
    }
    this.length = w;
    this.stale = 0;
  }
}
