import { Option, type Command } from 'commander';
import type { Role } from '@pillar/identity';
import { CLI_ACTOR, CLI_ORIGIN, CliError, ROLE_CHOICES, usageError, withIdentity } from './common.ts';
import { promptHidden } from './prompt.ts';

/** As in packages/identity (PASSWORD_MIN, PASSWORD_MAX), which the API enforces too. */
const PASSWORD_MIN = 12;
const PASSWORD_MAX = 256;
/** A plausible address; the API's stricter check applies to logins made there. */
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]+$/;

/** PILLAR_PASSWORD, else a hidden prompt (typed twice) when a person is at a terminal. */
async function readPassword(): Promise<string> {
  const fromEnv = process.env.PILLAR_PASSWORD;
  const source = fromEnv ? 'PILLAR_PASSWORD' : 'password';
  let password: string;
  if (fromEnv) {
    password = fromEnv;
  } else if (process.stdin.isTTY) {
    try {
      password = await promptHidden('Password: ');
      if ((await promptHidden('Password again: ')) !== password) throw usageError('password: the two entries differ');
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new CliError('user create: cancelled');
    }
  } else {
    throw usageError('PILLAR_PASSWORD: is required when no terminal is attached to prompt for the password');
  }
  if (password.length < PASSWORD_MIN) throw usageError(`${source}: must be at least ${PASSWORD_MIN} characters`);
  if (password.length > PASSWORD_MAX) throw usageError(`${source}: must be at most ${PASSWORD_MAX} characters`);
  return password;
}

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('manage logins of the dashboard');

  user
    .command('create')
    .description('create a login; the password comes from PILLAR_PASSWORD or a prompt')
    .requiredOption('--email <email>', 'email address (the login name)')
    .addOption(new Option('--role <role>', 'what the user may do').choices(ROLE_CHOICES).makeOptionMandatory())
    .action(async (options: { email: string; role: Role }) => {
      const email = options.email.trim().toLowerCase();
      if (!EMAIL.test(email) || email.length > 254) throw usageError(`--email: "${options.email}" is not an email address`);
      const password = await readPassword();
      await withIdentity(async ({ identity }) => {
        const created = await identity.createUser({ email, password, role: options.role }, CLI_ACTOR, CLI_ORIGIN);
        console.log(`created ${created.role} ${created.email} (id ${created.id})`);
      });
    });

  user
    .command('list')
    .description('list logins')
    .action(async () => {
      await withIdentity(async ({ identity }) => {
        const users = await identity.listUsers();
        if (users.length === 0) {
          console.log('no users yet: pillar user create --email EMAIL --role admin');
          return;
        }
        for (const u of users) {
          const state = u.disabled ? 'disabled' : `last login ${u.lastLoginAt?.toISOString() ?? 'never'}`;
          console.log(`${u.id}  ${u.role.padEnd(6)}  ${u.email}  (${state})`);
        }
      });
    });
}
