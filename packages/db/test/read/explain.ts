import { Prisma, type PrismaClient } from '../../src/index.ts';
import type { ReadDb } from '../../src/read/sql.ts';

export type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: PlanNode[] };

/**
 * A ReadDb that EXPLAINs (with ANALYZE off: plans only) every query a read function sends instead of running it,
 * so the plans checked are those of the exact SQL the API runs. The function under test sees no rows.
 */
export function explaining(prisma: PrismaClient): { db: ReadDb; plans: PlanNode[] } {
  const plans: PlanNode[] = [];
  const run = async (query: Prisma.Sql) => {
    const rows = await prisma.$queryRaw<{ 'QUERY PLAN': [{ Plan: PlanNode }] }[]>(Prisma.sql`EXPLAIN (FORMAT JSON) ${query}`);
    const plan = rows[0]?.['QUERY PLAN'][0]?.Plan;
    if (plan) plans.push(plan);
    return [];
  };
  const db = {
    $queryRaw: (first: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) =>
      run(first instanceof Prisma.Sql ? first : Prisma.sql(first, ...values)),
  } as unknown as ReadDb;
  return { db, plans };
}

/** Every node of a plan tree. */
export function nodesOf(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodesOf)];
}

/** `Seq Scan on finding`, `Bitmap Index Scan using finding_search_text_idx`, ... */
export function describePlan(plan: PlanNode): string[] {
  return nodesOf(plan).map((n) => `${n['Node Type']}${n['Relation Name'] ? ` on ${n['Relation Name']}` : ''}${n['Index Name'] ? ` using ${n['Index Name']}` : ''}`);
}
