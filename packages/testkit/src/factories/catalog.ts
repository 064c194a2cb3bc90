import type { Account, Control, DomainOverride, Prisma, PrismaClient } from '@pillar/db';
import { dateOf, type Day } from './days.ts';

let accountSeq = 0;
let controlSeq = 0;

/** An account row: 12-digit id and a name, unique per call unless given. */
export function makeAccount(overrides: Partial<Prisma.AccountCreateManyInput> = {}): Prisma.AccountCreateManyInput {
  accountSeq += 1;
  const id = overrides.id ?? String(100_000_000_000 + accountSeq);
  return { id, name: `Account ${id}`, nameSource: 'organizations', ...overrides };
}

export async function insertAccounts(prisma: PrismaClient, ...overrides: Partial<Prisma.AccountCreateManyInput>[]): Promise<Account[]> {
  const rows = (overrides.length === 0 ? [{}] : overrides).map(makeAccount);
  return prisma.account.createManyAndReturn({ data: rows });
}

/** A Security Hub control (`Test.<n>`, MEDIUM, domain iam) unless overridden; `config:` ids get source config. */
export function makeControl(overrides: Partial<Prisma.ControlCreateManyInput> = {}): Prisma.ControlCreateManyInput {
  controlSeq += 1;
  const id = overrides.id ?? `Test.${controlSeq}`;
  return {
    id,
    source: id.startsWith('config:') ? 'config' : 'securityhub',
    title: `Control ${id}`,
    severity: 'MEDIUM',
    domain: 'iam',
    inCatalog: true,
    ...overrides,
  };
}

export async function insertControls(prisma: PrismaClient, ...overrides: Partial<Prisma.ControlCreateManyInput>[]): Promise<Control[]> {
  const rows = (overrides.length === 0 ? [{}] : overrides).map(makeControl);
  return prisma.control.createManyAndReturn({ data: rows });
}

export type DomainOverrideInput = {
  controlId: string;
  /** A domain key, or null (explicitly unmapped, or with `cleared`). */
  domain: string | null;
  cleared?: boolean;
  effectiveFrom: Day;
  setByLabel?: string;
  setAt?: Date;
};

export async function insertDomainOverride(prisma: PrismaClient, input: DomainOverrideInput): Promise<DomainOverride> {
  return prisma.domainOverride.create({
    data: {
      controlId: input.controlId,
      domain: input.cleared ? null : input.domain,
      cleared: input.cleared ?? false,
      effectiveFrom: dateOf(input.effectiveFrom),
      setByLabel: input.setByLabel ?? 'admin@example.com',
      ...(input.setAt ? { setAt: input.setAt } : {}),
    },
  });
}
