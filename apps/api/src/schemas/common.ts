import { z } from 'zod';

/** CONTRACT.md's error shape; every non-2xx answer has it. */
export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});

/** The error statuses a route may answer, each with the same body schema. */
export function errors<const S extends readonly number[]>(...statuses: S): Record<S[number], typeof ErrorBody> {
  return Object.fromEntries(statuses.map((s) => [s, ErrorBody])) as Record<S[number], typeof ErrorBody>;
}

/** Errors any authenticated route can give. */
export const AUTH_ERRORS = errors(400, 401, 403, 429);

export const AccountId = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id');

export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v);
  }, 'is not a real calendar date');

export const Uuid = z.uuid();

export const Limit = (max: number, def: number) => z.coerce.number().int().min(1).max(max).default(def);

export const Email = z
  .email()
  .max(254)
  .transform((v) => v.toLowerCase());

export const RoleSchema = z.enum(['viewer', 'admin']);

/** Control characters (NUL above all, which Postgres refuses in text) have no place in free text. */
export function hasNoControlCharacters(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c < 0xa0)) return false;
  }
  return true;
}
