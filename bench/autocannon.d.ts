// The part of autocannon 9's programmatic API the load benchmark uses (the package ships no types).
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  /** hdr-histogram-percentiles-obj: latency in ms, requests and throughput per second (sampled each second). */
  export type Histogram = {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    total: number;
    p2_5: number;
    p50: number;
    p75: number;
    p90: number;
    p97_5: number;
    p99: number;
    p99_9: number;
    p99_99: number;
    p99_999: number;
    /** requests only: requests sent. */
    sent?: number;
    /** latency only: number of latency samples. */
    totalCount?: number;
  };

  export type Result = {
    title?: string;
    url: string;
    connections: number;
    pipelining: number;
    duration: number;
    samples: number;
    start: Date;
    finish: Date;
    errors: number;
    timeouts: number;
    mismatches: number;
    non2xx: number;
    resets: number;
    '1xx': number;
    '2xx': number;
    '3xx': number;
    '4xx': number;
    '5xx': number;
    statusCodeStats: Record<string, { count: number }>;
    latency: Histogram;
    requests: Histogram;
    throughput: Histogram;
  };

  export type Options = {
    url: string;
    title?: string;
    connections?: number;
    duration?: number;
    amount?: number;
    /** Requests per second from all connections together; latencies are corrected for coordinated omission. */
    overallRate?: number;
    connectionRate?: number;
    pipelining?: number;
    timeout?: number;
    method?: string;
    headers?: Record<string, string>;
    ignoreCoordinatedOmission?: boolean;
  };

  export type Instance = EventEmitter & PromiseLike<Result> & { stop(): void };

  function autocannon(opts: Options): Instance;
  export default autocannon;
}
