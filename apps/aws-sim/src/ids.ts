import { hash32, hexOf } from './prng.ts';

/**
 * Finding ids must look random, yet the simulator must find a finding from its id without keeping a
 * million-entry map. The last 8 hex digits of every generated id are an invertible scramble of the
 * finding's index, keyed by the seed.
 */
const MULT = 0x9e3779b1;
const MULT_INV = modInverse32(MULT);

function modInverse32(a: number): number {
  // Newton iteration: x <- x * (2 - a * x) doubles the correct low bits each round.
  let x = a >>> 0;
  for (let i = 0; i < 5; i++) x = Math.imul(x, 2 - Math.imul(a, x)) >>> 0;
  return x >>> 0;
}

export function scrambleIndex(index: number, key: number): number {
  let v = (index ^ key) >>> 0;
  v = Math.imul(v, MULT) >>> 0;
  return (v ^ (v >>> 16)) >>> 0;
}

export function unscrambleIndex(value: number, key: number): number {
  let v = (value ^ (value >>> 16)) >>> 0;
  v = Math.imul(v, MULT_INV) >>> 0;
  return (v ^ key) >>> 0;
}

/** A UUID-shaped id for finding `index`; its last 8 hex digits encode the index. */
export function findingUuid(seed: number, index: number, key: number): string {
  const h = hexOf(20, seed, index, 0x55);
  const tail = scrambleIndex(index, key).toString(16).padStart(8, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${hexOf(4, seed, index, 0x66)}${tail}`;
}

/** 32 hex digits (GuardDuty / Inspector style) whose last 8 encode the index. */
export function findingHex32(seed: number, index: number, key: number): string {
  return hexOf(24, seed, index, 0x77) + scrambleIndex(index, key).toString(16).padStart(8, '0');
}

/** Reads the index back from an id made by `findingUuid` or `findingHex32`; `undefined` when malformed. */
export function indexFromId(id: string, key: number): number | undefined {
  const m = /([0-9a-f]{8})$/.exec(id);
  if (!m?.[1]) return undefined;
  return unscrambleIndex(parseInt(m[1], 16), key);
}

/** A deterministic 12-digit AWS account id (first digit never 0, for readability). */
export function accountIdFor(seed: number, n: number, attempt: number): string {
  const a = hash32(seed, n, attempt, 0xacc0);
  const b = hash32(seed, n, attempt, 0xacc1);
  const digits = (String(a % 1_000_000).padStart(6, '0') + String(b % 1_000_000).padStart(6, '0')).split('');
  if (digits[0] === '0') digits[0] = String(1 + (a % 9));
  return digits.join('');
}
