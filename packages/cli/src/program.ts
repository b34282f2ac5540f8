import { Command, CommanderError } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import { registerDlq } from './commands/dlq.ts';
import { registerProjections } from './commands/projections.ts';
import { registerReplay } from './commands/replay.ts';
import { registerSigningKey } from './commands/signing-key.ts';
import { registerStart } from './commands/start.ts';
import { registerStreams } from './commands/streams.ts';
import { registerToken } from './commands/token.ts';
import { registerVerify } from './commands/verify.ts';
import { type Done, EXIT } from './exit-codes.ts';

export { type Done, EXIT } from './exit-codes.ts';

// The `landcase` command line, on commander: every command has --help (on stdout, exit 0), an
// unknown option or command is named on stderr, and the exit status says what happened.

const EXIT_HELP = `
Exit status: ${EXIT.ok} success; ${EXIT.failed} the command failed (an invalid bundle, a request the server
refused, a bad configuration); ${EXIT.usage} wrong usage (unknown command or option, missing or bad argument).
Every command takes --help.`;

/** The `landcase` program; `done` receives each command's exit status. */
export function buildProgram(done: Done): Command {
  const program = new Command('landcase')
    .description(
      'Farmland-protection enforcement cases: run the system, mint tokens, replay and verify the audit ledger, work the dead letters, watch the streams, rebuild the projections.',
    )
    .version(packageJson.version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'print this help')
    .helpCommand('help [command]', 'print the help of a command')
    // Settings made here are inherited by the commands added below with .command().
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', EXIT_HELP);
  registerStart(program, done);
  registerToken(program, done);
  registerReplay(program, done);
  registerVerify(program, done);
  registerSigningKey(program, done);
  registerDlq(program, done);
  registerStreams(program, done);
  registerProjections(program, done);
  return program;
}

/**
 * Runs `landcase <argv>` and resolves to its exit status; never exits the process itself, so
 * tests call it directly. Help asked for goes to stdout, everything about a failure to stderr.
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram((c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help, `help` and --version exit 0; commander has written everything else to stderr
      // already (help included, when no command was given): all of that is wrong usage.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    process.stderr.write(`landcase: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failed;
  }
}
