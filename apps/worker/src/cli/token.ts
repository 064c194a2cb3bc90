import { Option, type Command } from 'commander';
import type { Role } from '@pillar/identity';
import { appErrorStatus, CLI_ACTOR, CLI_ORIGIN, CliError, ROLE_CHOICES, usageError, withIdentity } from './common.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function registerTokenCommands(program: Command): void {
  const token = program.command('token').description('manage API tokens');

  token
    .command('create')
    .description('create an API token; prints it as the last line of stdout (shown once, stored as a digest)')
    .requiredOption('--name <name>', 'what the token is for, e.g. "ci" (1-100 characters)')
    .addOption(new Option('--role <role>', 'what the token may do').choices(ROLE_CHOICES).makeOptionMandatory())
    .action(async (options: { name: string; role: Role }) => {
      const name = options.name.trim();
      if (name.length < 1 || name.length > 100) throw usageError('--name: must be 1 to 100 characters');
      await withIdentity(async ({ identity }) => {
        const { token: created, secret } = await identity.createToken({ name, role: options.role }, CLI_ACTOR, CLI_ORIGIN);
        console.log(`created ${created.role} token "${created.name}" (id ${created.id}); it is shown once:`);
        console.log(secret);
      });
    });

  token
    .command('list')
    .description('list API tokens (never their secrets)')
    .action(async () => {
      await withIdentity(async ({ identity }) => {
        for (const t of await identity.listTokens()) {
          const state = t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : `last used ${t.lastUsedAt?.toISOString() ?? 'never'}`;
          console.log(`${t.id}  ${t.role.padEnd(6)}  ${t.prefix}…  ${t.name}  (${state})`);
        }
      });
    });

  token
    .command('revoke')
    .description('revoke an API token: it stops working at once')
    .argument('<id>', 'the token id (from `pillar token list`)')
    .action(async (id: string) => {
      if (!UUID.test(id)) throw usageError(`id: "${id}" is not a token id (a UUID)`);
      await withIdentity(async ({ identity }) => {
        try {
          const revoked = await identity.revokeToken(id, CLI_ACTOR, CLI_ORIGIN);
          console.log(`revoked token "${revoked.name}" (id ${revoked.id})`);
        } catch (error) {
          if (appErrorStatus(error) === 404) throw new CliError(`token revoke: no token ${id}`);
          throw error;
        }
      });
    });
}
