// `pnpm bench [name] [--flags]`: benchmarks run on demand, never in CI. Each prints its ratio to a baseline
// measured in the same run and writes JSON under bench/results/.
const BENCHES: Record<string, string> = { ingest: './ingest.ts', read: './read.ts', load: './load.ts' };
const name = process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : 'ingest';
const file = BENCHES[name];
if (!file) {
  console.error(`unknown benchmark "${name}"; one of: ${Object.keys(BENCHES).join(', ')}`);
  process.exit(3);
}
await import(file);
