import type { Command } from 'commander';
import { EXIT } from '../exit-codes.ts';
import { mintCliToken } from './token.ts';

// What the operations commands (`dlq`, `streams`) share: the server's address and an ops token,
// one JSON call with its problem turned into an error, and the options that name them.

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

export interface Connection {
  url?: string;
  token?: string;
  json?: boolean;
}

/** The server's base address and a token: given, from the environment, or an ops token minted here. */
export async function connect(options: Connection, sub: string): Promise<{ base: string; token: string }> {
  const base = (options.url ?? process.env.LANDCASE_URL ?? 'http://localhost:8080').replace(/\/+$/, '');
  const token =
    options.token ??
    process.env.LANDCASE_TOKEN ??
    (await mintCliToken({ sub, agency: 'nrb', division: '140000', roles: ['ops'], ttl: '5m' }, process.env));
  return { base, token };
}

export async function call(
  fetchFn: Fetch,
  method: 'GET' | 'POST',
  url: string,
  token: string,
  body?: unknown,
): Promise<unknown> {
  let res: Response;
  try {
    res = await fetchFn(url, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch (error) {
    throw new Error(`cannot reach ${url}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  if (!res.ok) {
    const problem = parsed as { detail?: string; title?: string } | undefined;
    throw new Error(`${method} ${url}: ${res.status} ${problem?.detail ?? problem?.title ?? text}`);
  }
  return parsed;
}

/** Runs a command: its exit code, or a failure's message on stderr and 1. */
export async function run(action: () => Promise<number>): Promise<number> {
  try {
    return await action();
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failed;
  }
}

export function withConnection(command: Command, json = true): Command {
  command
    .option('--url <url>', 'the landcase server (default: $LANDCASE_URL or http://localhost:8080)')
    .option(
      '--token <bearer>',
      "a token with the ops role (default: $LANDCASE_TOKEN, else one signed with this machine's " +
        'LANDCASE_JWT_SECRET, which a local server accepts)',
    );
  if (json) command.option('--json', 'print the JSON answer instead of text');
  return command;
}
