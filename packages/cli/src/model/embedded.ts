import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintToken, type RunningService } from '@landcase/service-kit';
import { fetchHttp } from '../http-client.ts';
import { runSystem } from '../system.ts';
import type { Driver } from './replay.ts';
import { AGENCIES, type Agency } from './routes.ts';

/**
 * The instant the system's clock stands at: before every date the model's events carry, so no
 * statutory deadline comes due while paths run and the deadline scheduler appends nothing.
 */
const MODEL_NOW = new Date('2026-03-01T08:00:00+08:00');

export interface EmbeddedModelSystem extends Driver {
  system: RunningService;
  stop(): Promise<void>;
}

/** The environment of `landcase start` as the e2e tests run it: a free port, SQLite in `dir`. */
export function embeddedEnv(dir: string, logLevel: 'warn' | 'error' = 'warn'): NodeJS.ProcessEnv {
  return {
    LANDCASE_PORT: '0',
    LANDCASE_HOST: '127.0.0.1',
    LANDCASE_EVENTSTORE: `sqlite:${join(dir, 'landcase.db')}`,
    LOG_LEVEL: logLevel,
    NODE_ENV: 'test',
  };
}

/** `landcase start` as the e2e tests run it: one process, SQLite in a temp dir, real HTTP. */
export async function startEmbeddedSystem(name: string): Promise<EmbeddedModelSystem> {
  const dir = mkdtempSync(join(tmpdir(), `landcase-${name}-`));
  const system = await runSystem(embeddedEnv(dir, 'error'), {
    handleSignals: false,
    clock: { now: () => new Date(MODEL_NOW) },
  });
  const tokens = {} as Record<Agency, string>;
  for (const agency of AGENCIES) {
    tokens[agency] = await mintToken(system.config.jwtSecret, {
      sub: `${agency}-model`,
      agency,
      division: '141181',
      roles: ['officer', 'head'],
    });
  }
  const minted = new Map<string, Promise<string>>();
  const tokenFor = (agency: Agency, division: string) => {
    const key = `${agency}@${division}`;
    if (!minted.has(key)) {
      minted.set(
        key,
        mintToken(system.config.jwtSecret, {
          sub: `${agency}-model`,
          agency,
          division,
          roles: ['officer', 'head'],
        }),
      );
    }
    return minted.get(key)!;
  };
  for (const agency of AGENCIES) minted.set(`${agency}@141181`, Promise.resolve(tokens[agency]));
  return {
    system,
    http: fetchHttp(() => system.address),
    tokens,
    tokenFor,
    async stop() {
      await system.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
