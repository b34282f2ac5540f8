import type { Command } from 'commander';
import { ensureConsoleBuilt } from '../console/site.ts';
import type { Done } from '../exit-codes.ts';
import { runSystem } from '../system.ts';

const ENVIRONMENT = `
Configured by the environment (packages/service-kit/README.md lists every variable):
  LANDCASE_PORT        port to listen on (default 8080)
  LANDCASE_HOST        address to listen on (default 0.0.0.0)
  LANDCASE_DATA_DIR    where the SQLite event store is kept (default ./data)
  LANDCASE_EVENTSTORE  sqlite:<path> or esdb://host:2113?tls=false (default sqlite:<data dir>/landcase.db)
  LANDCASE_BUS         memory or kafka://host:port (default memory)
  LANDCASE_READMODELS  memory or mongodb://host:port/db (default memory)
  LANDCASE_JWT_SECRET  the secret that signs bearer tokens (default: a public development secret)
  LANDCASE_CONSOLE_DIST  the built web console served at / (default packages/console/dist, built
                       first when missing or older than its sources)
  LOG_LEVEL            fatal, error, warn, info, debug, trace or silent (default info)`;

/** `done` is never called: the command runs until a signal stops the server (exit 0 then). */
export function registerStart(program: Command, _done: Done): void {
  program
    .command('start')
    .summary('run every service in one process')
    .description(
      'Run the five services in one process on one port (embedded: SQLite in the data directory, the ' +
        'in-process bus, in-memory read models rebuilt from the store at start), with the web console at /. ' +
        'Stops on SIGTERM or CTRL-C.',
    )
    .addHelpText('after', ENVIRONMENT)
    .action(async () => {
      if (!process.env.LANDCASE_CONSOLE_DIST) {
        try {
          ensureConsoleBuilt((line) => process.stderr.write(`${line}\n`));
        } catch (error) {
          // The API runs without its console rather than not at all.
          process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
        }
      }
      await runSystem(process.env);
    });
}
