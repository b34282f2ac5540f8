import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSigningKey } from '@landcase/audit';
import { loadConfig, verifyToken } from '@landcase/service-kit';
import { decodeJwt } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { captureOutput } from './commands/capture-output.ts';
import { EXIT, runCli } from './program.ts';

const run = (...argv: string[]) => captureOutput(() => runCli(argv));
const COMMANDS = ['start', 'token', 'replay', 'verify', 'signing-key', 'dlq'];

const dir = mkdtempSync(join(tmpdir(), 'landcase-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('landcase --help', () => {
  it('prints the usage and every command on stdout, and exits 0', async () => {
    for (const argv of [['--help'], ['-h'], ['help']]) {
      const { code, out, err } = await run(...argv);
      expect(code).toBe(EXIT.ok);
      expect(err).toBe('');
      expect(out).toMatch(/^Usage: landcase \[options\] \[command\]/);
      for (const command of COMMANDS) expect(out).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
      expect(out).toContain('Exit status: 0 success; 1 the command failed');
    }
  });

  it.each(COMMANDS)(
    'landcase %s --help prints that command’s usage on stdout and exits 0',
    async (command) => {
      const { code, out, err } = await run(command, '--help');
      expect(code).toBe(EXIT.ok);
      expect(err).toBe('');
      expect(out).toMatch(new RegExp(`^Usage: landcase ${command} `));
      expect((await run('help', command)).out).toBe(out);
    },
  );

  it('documents --ttl and its default on token, and the environment on start', async () => {
    expect((await run('token', '--help')).out).toMatch(
      /--ttl <span>\s+how long the token is valid.*\(default: "12h"\)/s,
    );
    expect((await run('start', '--help')).out).toContain('LANDCASE_DATA_DIR');
  });

  it('prints the version', async () => {
    const { code, out } = await run('--version');
    expect(code).toBe(EXIT.ok);
    expect(out).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe('wrong usage', () => {
  it.each([
    [['token', '--agency', 'nrb', '--division', '141181', '--bogus'], "unknown option '--bogus'"],
    [['token', '--agencyy', 'nrb'], "unknown option '--agencyy'"],
    [['verify', 'case.json', '--bogus'], "unknown option '--bogus'"],
    [['replay', 'LC-1', '--when', 'now'], "unknown option '--when'"],
    [['start', '--port', '9090'], "unknown option '--port'"],
    [['--bogus'], "unknown option '--bogus'"],
    [['nope'], "unknown command 'nope'"],
    [['token', '--division', '141181'], "required option '--agency' not specified"],
    [['token', '--agency', 'nrb'], "required option '--division' not specified"],
    [
      ['token', '--agency', 'xx', '--division', '141181'],
      "argument 'xx' is invalid. Allowed choices are nrb",
    ],
    [['token', '--agency', 'nrb', '--division', '1411'], 'Expected a 6, 9 or 12 digit'],
    [['token', '--agency', 'nrb', '--division', '141181', '--ttl', 'forever'], 'Expected a time span'],
    [['token', '--agency', 'nrb', '--division', '141181', '--ttl', '-1h'], 'Expected a time span'],
    [['verify'], "missing required argument 'bundle'"],
    [['verify', 'a.json', 'b.json'], 'too many arguments'],
    [['replay', 'LC-1', '--at', 'yesterday'], 'Expected an RFC 3339 date-time'],
  ])('%j names the problem on stderr, prints nothing on stdout and exits 2', async (argv, message) => {
    const { code, out, err } = await run(...argv);
    expect(code).toBe(EXIT.usage);
    expect(out).toBe('');
    expect(err).toContain(message);
    expect(err).toContain('(add --help for usage)');
  });

  it('with no command at all, prints the usage on stderr and exits 2', async () => {
    const { code, out, err } = await run();
    expect(code).toBe(EXIT.usage);
    expect(out).toBe('');
    expect(err).toMatch(/^Usage: landcase/);
  });
});

describe('landcase token', () => {
  const secret = loadConfig({ NODE_ENV: 'test' }).jwtSecret;

  it('mints a token the server accepts, valid for 12 hours unless --ttl says otherwise', async () => {
    const minted = await run('token', '--agency', 'nrb', '--division', '141181', '--roles', 'officer,head');
    expect(minted.code).toBe(EXIT.ok);
    const token = minted.out.trim();
    expect(await verifyToken(secret, token)).toEqual({
      sub: 'nrb-141181',
      agency: 'nrb',
      division: '141181',
      roles: ['officer', 'head'],
    });
    const claims = decodeJwt(token);
    expect(claims.exp! - claims.iat!).toBe(12 * 3600);

    for (const [ttl, seconds] of [
      ['30m', 1800],
      ['7d', 7 * 86400],
      ['90', 90],
    ] as const) {
      const short = await run(
        'token',
        '--agency',
        'psb',
        '--division',
        '141181',
        '--ttl',
        ttl,
        '--sub',
        'p1',
      );
      const c = decodeJwt(short.out.trim());
      expect([c.sub, c.roles, c.exp! - c.iat!]).toEqual(['p1', ['officer'], seconds]);
    }
  });
});

describe('landcase signing-key', () => {
  it('makes a key readable by its owner only, prints its public key, and keeps it on a second run', async () => {
    const file = join(dir, 'keys', 'audit.pem');
    const first = await run('signing-key', file);
    expect(first.code).toBe(EXIT.ok);
    expect(first.err).toMatch(/^made the signing key [0-9a-f]{64} at /);
    expect(first.out).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const pem = readFileSync(file, 'utf8');
    expect(loadSigningKey(pem, { nodeEnv: 'production' }).publicKeyPem).toBe(first.out);

    const second = await run('signing-key', file);
    expect(second.code).toBe(EXIT.ok);
    expect(second.err).toMatch(/^kept the signing key/);
    expect(second.out).toBe(first.out);
    expect(readFileSync(file, 'utf8')).toBe(pem);
  });

  it('fails with exit 1, and leaves the file alone, when the file holds something else', async () => {
    const file = join(dir, 'not-a-key.pem');
    writeFileSync(file, 'hello');
    const { code, err } = await run('signing-key', file);
    expect(code).toBe(EXIT.failed);
    expect(err).toMatch(/^landcase: LANDCASE_AUDIT_SIGNING_KEY/);
    expect(readFileSync(file, 'utf8')).toBe('hello');
  });
});
