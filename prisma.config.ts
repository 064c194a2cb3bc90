import { defineConfig } from 'prisma/config';

// The URL is read with a fallback: `env()` throws when the variable is unset, and `prisma generate`
// (run offline at install time) needs no database at all.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
