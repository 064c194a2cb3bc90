import { Prisma } from '../generated/prisma/client.ts';
import type { ReadDb } from './sql.ts';

/** The latest override of a control: domain null with `cleared` false = explicitly unmapped. */
export type DomainOverrideRow = {
  controlId: string;
  domain: string | null;
  cleared: boolean;
  setBy: string;
  setAt: Date;
  effectiveFrom: string;
};

/**
 * The latest override row per control (effective_from desc, id desc: index (control_id, effective_from
 * desc, id desc)), cleared ones included; `controlId` narrows to one control.
 */
export async function latestDomainOverrides(db: ReadDb, input: { controlId?: string } = {}): Promise<DomainOverrideRow[]> {
  const where = input.controlId === undefined ? Prisma.empty : Prisma.sql`WHERE control_id = ${input.controlId}`;
  return db.$queryRaw<DomainOverrideRow[]>`
    SELECT DISTINCT ON (control_id) control_id AS "controlId", domain, cleared, set_by_label AS "setBy",
      set_at AS "setAt", to_char(effective_from, 'YYYY-MM-DD') AS "effectiveFrom"
    FROM domain_override ${where}
    ORDER BY control_id, effective_from DESC, id DESC`;
}
