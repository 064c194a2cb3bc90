// `pnpm pillar <command>`: the operator's CLI (CONTRACT.md). Exit codes: 0 done, 1 failed, 2 done with some
// accounts/regions failed, 3 usage or configuration error, always with one line saying what is wrong.
import { Command, CommanderError } from 'commander';
import { appErrorStatus, CliError, describe, EXIT } from './cli/common.ts';
import { registerSyncCommand } from './cli/sync.ts';
import { registerTokenCommands } from './cli/token.ts';
import { registerUserCommands } from './cli/user.ts';

function buildProgram(): Command {
  const program = new Command('pillar')
    .description('Pillar: AWS security posture per Well-Architected security domain')
    .showSuggestionAfterError(true)
    .exitOverride();
  registerSyncCommand(program);
  registerTokenCommands(program);
  registerUserCommands(program);
  // Subcommands inherit exitOverride only when added after it is set: apply it to every level.
  const override = (command: Command) => {
    command.exitOverride();
    command.commands.forEach(override);
  };
  override(program);
  return program;
}

async function run(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.done;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its one line (or the help): help and version are not errors.
      return error.exitCode === 0 ? EXIT.done : EXIT.usage;
    }
    if (error instanceof CliError) {
      console.error(error.message);
      return error.exitCode;
    }
    const status = appErrorStatus(error);
    if (status !== null && error instanceof Error) {
      console.error(error.message);
      return status === 400 ? EXIT.usage : EXIT.failed;
    }
    console.error(`pillar: ${describe(error)}`);
    return EXIT.failed;
  }
}

process.exitCode = await run(process.argv);
