import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

// `landcase token` is run once per token (six times in the README's walkthrough); a warning on
// each would bury the one line worth reading. So the notice that tokens are signed with the public
// development secret is shown once per user account, remembered by a file in the landcase cache
// directory (the one infra/ keeps its jars in). The server still warns every time it starts with
// that secret, and the secret only matters where a server accepts it.

export const DEV_SECRET_NOTICE =
  'landcase: LANDCASE_JWT_SECRET is not set, so tokens are signed with the public development secret,\n' +
  'which only a server running without LANDCASE_JWT_SECRET accepts. Set it (32+ characters, the same as\n' +
  "the server's) for anything but a local trial. This notice is shown once.\n";

/** Where the notice is remembered: `$LANDCASE_CACHE`, else `${XDG_CACHE_HOME:-~/.cache}/landcase`. */
export function noticeMarkerPath(env: NodeJS.ProcessEnv): string {
  const cache = env.LANDCASE_CACHE || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'landcase');
  return join(cache, 'dev-secret-notice-shown');
}

/**
 * Writes the notice unless it was shown before (or under NODE_ENV=test, like the server's warning).
 * A cache directory that cannot be written only means the notice may be shown again.
 */
export function noticeDevSecretOnce(
  env: NodeJS.ProcessEnv,
  write: (text: string) => void = (text) => process.stderr.write(text),
): boolean {
  if ((env.NODE_ENV ?? process.env.NODE_ENV) === 'test') return false;
  const marker = noticeMarkerPath(env);
  if (existsSync(marker)) return false;
  write(DEV_SECRET_NOTICE);
  try {
    mkdirSync(dirname(marker), { recursive: true });
    writeFileSync(marker, `${new Date().toISOString()}\n`);
  } catch {
    // read-only home: shown again next time, which is the safe side
  }
  return true;
}
