// Where the time of a request goes, from a V8 CPU profile of this process (the in-process API and its client):
// self time by package, plus the inclusive time of the response serializer (measured separately, as the closures the
// routes actually run: the compiled one of apps/api/src/plugins/response-serializer.ts when present, and the Zod
// serializer of fastify-type-provider-zod for the schemas that keep it) and of the Zod query validator. `idle` is
// the time the event loop waited: for sequential requests, that is Postgres and Redis.
import { readFileSync } from 'node:fs';
import { Session, type Profiler } from 'node:inspector/promises';
import { fileURLToPath } from 'node:url';

export type CpuBreakdown = {
  wallMs: number;
  /** Self time per category, ms over the whole profile. */
  categories: Record<string, number>;
  /** Inclusive time of the response serializer closures (compiled, or Zod encode + JSON.stringify), ms. */
  serializerMs: number;
  /** Inclusive time of the querystring/params validator closure (Zod parse), ms. */
  validatorMs: number;
};

export async function profiled<T>(work: () => Promise<T>, intervalUs = 250): Promise<{ result: T; profile: Profiler.Profile }> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
    await session.post('Profiler.start');
    const result = await work();
    const { profile } = await session.post('Profiler.stop');
    return { result, profile };
  } finally {
    session.disconnect();
  }
}

const CATEGORIES: [string, (url: string, fn: string) => boolean][] = [
  ['idle (waiting: Postgres, Redis)', (_u, fn) => fn === '(idle)'],
  ['garbage collection', (_u, fn) => fn === '(garbage collector)'],
  ['zod (validation + serializer)', (u) => u.includes('fastify-type-provider-zod') || /[/@]zod[@/]/.test(u)],
  ['prisma client', (u) => u.includes('@prisma') || u.includes('/generated/prisma/')],
  ['pg driver', (u) => /\/(pg|pg-protocol|pg-types|pg-pool|postgres-[a-z]+)[@/]/.test(u)],
  ['pino (request log)', (u) => /pino|sonic-boom|fast-redact|thread-stream/.test(u)],
  ['rate limit + ioredis', (u) => /ioredis|redis-parser|@fastify\+rate-limit|@fastify\/rate-limit|denque/.test(u)],
  ['bench HTTP client (fetch)', (u) => u.includes('undici') || u.includes('/bench/')],
  ['fastify + plugins', (u) => /fastify|find-my-way|avvio|light-my-request|secure-json-parse|helmet/.test(u)],
  ['api code', (u) => u.includes('/apps/api/src/')],
  ['pillar packages', (u) => u.includes('/packages/')],
  ['node core (http, net, streams)', (u) => u.startsWith('node:')],
  ['V8 builtins / native', (u, fn) => u === '' && fn !== '(root)'],
];

function categoryOf(url: string, fn: string): string {
  for (const [name, test] of CATEGORIES) if (test(url, fn)) return name;
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  return pkg ? `other: ${pkg}` : 'other';
}

/** 0-based line of the first line containing `needle` in a file:// script, plus `offset`; -1 when not found. */
function lineOf(url: string, needle: string, offset = 0): number {
  try {
    const lines = readFileSync(fileURLToPath(url), 'utf8').split('\n');
    const i = lines.findIndex((l) => l.includes(needle));
    return i < 0 ? -1 : i + offset;
  } catch {
    return -1;
  }
}

export function analyseProfile(profile: Profiler.Profile): CpuBreakdown {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // The interval after sample i belongs to sample i.
  for (let i = 0; i < samples.length; i++) {
    const id = samples[i] ?? 0;
    self.set(id, (self.get(id) ?? 0) + (deltas[i + 1] ?? 0));
  }
  const categories: Record<string, number> = {};
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (!node || node.callFrame.functionName === '(root)') continue;
    const cat = categoryOf(node.callFrame.url, node.callFrame.functionName);
    categories[cat] = (categories[cat] ?? 0) + us / 1000;
  }
  const inclusive = (id: number): number => {
    const node = byId.get(id);
    return (self.get(id) ?? 0) + (node?.children ?? []).reduce((s, c) => s + inclusive(c), 0);
  };
  let serializerUs = 0;
  let validatorUs = 0;
  // The compiled serializer (a closure around a fast-json-stringify function), when the app has one: the frames of
  // its module entered from outside it (during requests only the serializer closures of that module run; the
  // transpiled closure is anonymous, so it is found by file, not by name).
  const parentOf = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
  const SERIALIZER_MODULE = '/apps/api/src/plugins/response-serializer.ts';
  for (const n of profile.nodes) {
    if (!n.callFrame.url.endsWith(SERIALIZER_MODULE)) continue;
    const parent = byId.get(parentOf.get(n.id) ?? -1);
    if (parent && !parent.callFrame.url.endsWith(SERIALIZER_MODULE)) serializerUs += inclusive(n.id);
  }
  const coreUrl = profile.nodes.find((n) => n.callFrame.url.includes('fastify-type-provider-zod') && n.callFrame.url.endsWith('/core.js'))?.callFrame.url;
  if (coreUrl !== undefined) {
    const serializerLine = lineOf(coreUrl, 'safeEncode(schema, data)', -1);
    const validatorLine = lineOf(coreUrl, 'var validatorCompiler');
    for (const n of profile.nodes) {
      if (n.callFrame.url !== coreUrl) continue;
      if (n.callFrame.lineNumber === serializerLine) serializerUs += inclusive(n.id);
      else if (n.callFrame.lineNumber === validatorLine) validatorUs += inclusive(n.id);
    }
  }
  const round1 = (x: number) => Math.round(x * 10) / 10;
  return {
    wallMs: round1((profile.endTime - profile.startTime) / 1000),
    categories: Object.fromEntries(Object.entries(categories).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, round1(v)])),
    serializerMs: round1(serializerUs / 1000),
    validatorMs: round1(validatorUs / 1000),
  };
}
