import { AGENCIES, type Agency } from '@landcase/contracts';
import { loadConfig, mintToken } from '@landcase/service-kit';
import { type Command, InvalidArgumentError, Option } from 'commander';
import pino from 'pino';
import { noticeDevSecretOnce } from '../dev-secret-notice.ts';
import { type Done, EXIT } from '../exit-codes.ts';

// `landcase token`: a bearer token (HS256 JWT with sub, agency, division, roles, exp) signed with
// LANDCASE_JWT_SECRET, the secret the server checks tokens with.

export interface TokenOptions {
  agency: Agency;
  division: string;
  roles: string[];
  sub?: string;
  /** A time span jose understands (`12h`, `30m`, `7d`) or a number of seconds. */
  ttl: string | number;
}

export const DEFAULT_TTL = '12h';

const DIVISION = /^[0-9]{6}([0-9]{3}([0-9]{3})?)?$/;
// The spans jose's setExpirationTime takes, without the signs and "ago" that would date a token back.
const SPAN =
  /^(\d+|\d+\.\d+) ?(s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?|y|yrs?|years?)$/i;

export function parseDivision(value: string): string {
  if (!DIVISION.test(value))
    throw new InvalidArgumentError('Expected a 6, 9 or 12 digit administrative division code.');
  return value;
}

export function parseRoles(value: string): string[] {
  const roles = value
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  if (roles.length === 0)
    throw new InvalidArgumentError('Expected a comma-separated list of roles, such as officer,head.');
  return roles;
}

export function parseTtl(value: string): string | number {
  if (/^[0-9]+$/.test(value) && Number(value) > 0) return Number(value);
  if (SPAN.test(value) && Number.parseFloat(value) > 0) return value;
  throw new InvalidArgumentError('Expected a time span such as 12h, 30m or 7d, or a number of seconds.');
}

/** Mints the token with the secret of `env`; tells once that it is the development secret. */
export async function mintCliToken(options: TokenOptions, env: NodeJS.ProcessEnv): Promise<string> {
  const config = loadConfig(env, pino({ level: 'silent' }));
  if (config.jwtSecretIsDefault) noticeDevSecretOnce(env);
  return mintToken(
    config.jwtSecret,
    {
      sub: options.sub ?? `${options.agency}-${options.division}`,
      agency: options.agency,
      division: options.division,
      roles: options.roles,
    },
    options.ttl,
  );
}

export function registerToken(program: Command, done: Done): void {
  const command = program
    .command('token')
    .summary('mint a bearer token for calling the API')
    .description(
      'Print a bearer token (a JWT with sub, agency, division, roles and an expiry) signed with ' +
        'LANDCASE_JWT_SECRET, which must be the secret the server runs with. Where it is unset, both use ' +
        'the public development secret (said once, on stderr).',
    )
    .addOption(new Option('--agency <agency>', 'the agency the token acts for (required)').choices(AGENCIES))
    .option(
      '--division <code>',
      'its 6, 9 or 12 digit administrative division code (required)',
      parseDivision,
    )
    .addOption(
      new Option('--roles <list>', 'comma-separated roles')
        .argParser(parseRoles)
        .default(['officer'], 'officer'),
    )
    .option('--sub <name>', 'the user the token names (default: <agency>-<division>)')
    .option('--ttl <span>', 'how long the token is valid: 12h, 30m, 7d, or seconds', parseTtl, DEFAULT_TTL)
    .addHelpText(
      'after',
      '\nExample:\n  NRB=$(landcase token --agency nrb --division 141181 --roles officer,head)\n' +
        '  curl -H "authorization: Bearer $NRB" http://localhost:8080/enforcement/cases',
    )
    .action(async (options: Partial<TokenOptions>) => {
      // Checked here rather than by commander's mandatory options, which it checks before unknown
      // ones: `token --agencyy nrb` should name --agencyy, not complain that --agency is missing.
      for (const name of ['agency', 'division'] as const) {
        if (options[name] === undefined) {
          command.error(`error: required option '--${name}' not specified`, { exitCode: EXIT.usage });
        }
      }
      process.stdout.write(`${await mintCliToken(options as TokenOptions, process.env)}\n`);
      done(EXIT.ok);
    });
}
