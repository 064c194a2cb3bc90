// `pnpm db:migrate`: applies pending migrations to DATABASE_URL, creating the database where the role may.
// Exit codes: 0 done; 1 a migration failed or was refused; 3 DATABASE_URL is malformed or unusable.
import { MigrateError } from '../errors.ts';
import { migrate } from '../migrate.ts';

const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/pillar';

async function main(): Promise<number> {
  const databaseUrl = process.env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
  try {
    const result = await migrate({ databaseUrl });
    if (result.createdDatabase) console.log(`created database ${result.database}`);
    for (const name of result.applied) console.log(`applied ${name}`);
    for (const name of result.unknownApplied) {
      console.log(`note: ${name} is applied to the database but not in prisma/migrations (a newer version?)`);
    }
    console.log(
      result.applied.length === 0
        ? `database ${result.database} is up to date (${migrations(result.alreadyApplied)} applied)`
        : `applied ${migrations(result.applied.length)} to ${result.database} (${result.alreadyApplied} already applied)`,
    );
    return 0;
  } catch (error) {
    if (error instanceof MigrateError) {
      console.error(error.isConfiguration ? `DATABASE_URL: ${error.message}` : `db:migrate: ${error.message}`);
      return error.isConfiguration ? 3 : 1;
    }
    console.error(`db:migrate: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

function migrations(n: number): string {
  return n === 1 ? '1 migration' : `${n} migrations`;
}

process.exitCode = await main();
