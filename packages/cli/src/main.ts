import { parseArgs } from 'node:util';
import { replayCommand } from './commands/replay.ts';
import { startCommand } from './commands/start.ts';
import { tokenCommand } from './commands/token.ts';
import { verifyCommand } from './commands/verify.ts';

const USAGE = `landcase <command>

  start                         run every service in one process (embedded: SQLite in ./data,
                                in-process bus, in-memory read models rebuilt at start)
  token --agency A --division D [--roles r1,r2] [--sub name]
                                mint a development bearer token
  replay <caseId> [--at <time>] [--url http://localhost:8080] [--token T]
                                the case's state in each service and its timeline as of an instant
  verify <bundle.json> [--key pub.pem]
                                check an audit export offline (chain, inclusion proofs, signed
                                tree head; against a pinned key with --key); names the first bad entry
`;

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  replay: (args) => replayCommand(args),
  start: startCommand,
  token: tokenCommand,
  verify: verifyCommand,
};

async function main(argv: string[]): Promise<number> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, strict: false });
  const name = positionals[0];
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(USAGE);
    return name ? 2 : 0;
  }
  return command(argv.slice(argv.indexOf(name!) + 1));
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
