/**
 * The offered media type the Accept header prefers (highest q, then the order offered); the first offered
 * type when the header is absent or names none of them (JSON stays the default).
 */
export function preferredType<const T extends readonly [string, ...string[]]>(accept: string | undefined, offered: T): T[number] {
  if (!accept) return offered[0];
  let best: { type: T[number]; q: number; rank: number } | undefined;
  for (const part of accept.split(',')) {
    const [range = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!Number.isFinite(q) || q <= 0) continue;
    offered.forEach((type, rank) => {
      const [major] = type.split('/');
      const matches = range === type || range === '*/*' || range === `${major}/*`;
      // An exact match outranks a wildcard of the same q.
      const score = q + (range === type ? 0.0001 : 0);
      if (matches && (best === undefined || score > best.q || (score === best.q && rank < best.rank))) best = { type, q: score, rank };
    });
  }
  return best?.type ?? offered[0];
}
