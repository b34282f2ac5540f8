import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { type Config, type LandcaseApp, NotFound } from '@landcase/service-kit';
import { devTokenRoute } from './dev-token.ts';

// The web console (packages/console) as `landcase start` serves it: the page at `/`, its files
// under `/console/`, both without a token (the page holds no data: every figure on it comes from
// the API, which asks for one). Built by Vite into packages/console/dist; `landcase start` builds
// it first when the build is missing or older than its sources.

/** packages/console, from packages/cli/src/console or from the bundle in packages/cli/dist. */
export const CONSOLE_PACKAGE = ['../../../console/', '../../console/']
  .map((up) => fileURLToPath(new URL(up, import.meta.url)))
  .reduce((found, dir) => (existsSync(join(dir, 'vite.config.ts')) ? dir : found));

/** Where the built console is read from: `LANDCASE_CONSOLE_DIST`, else packages/console/dist. */
export const consoleDistOf = (env: NodeJS.ProcessEnv): string =>
  env.LANDCASE_CONSOLE_DIST ?? join(CONSOLE_PACKAGE, 'dist');

/** The page's own policy: its scripts, styles and images from this server, its calls to this API. */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "base-uri 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "img-src 'self' data:",
  "object-src 'none'",
  "script-src 'self'",
  "script-src-attr 'none'",
  // Leaflet positions its panes and paths with style attributes.
  "style-src 'self' 'unsafe-inline'",
].join('; ');

const SOURCES = ['src', 'index.html', 'vite.config.ts', 'package.json'];
const isTest = (name: string) => /\.test\.tsx?$/.test(name);

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.isFile() && isTest(entry.name)) continue;
    newest = Math.max(newest, newestMtime(join(path, entry.name)));
  }
  return newest;
}

/** Whether the console must be built: no build, or a source newer than it. False without sources. */
export function consoleIsStale(pkg: string = CONSOLE_PACKAGE): boolean {
  if (!existsSync(join(pkg, 'src'))) return false;
  const built = join(pkg, 'dist', 'index.html');
  if (!existsSync(built)) return true;
  const sources = Math.max(...SOURCES.map((s) => newestMtime(join(pkg, s))));
  return sources > statSync(built).mtimeMs;
}

/** Builds the console with its own Vite (`vite build` in the package); throws with Vite's output. */
export function buildConsole(pkg: string = CONSOLE_PACKAGE): void {
  const vite = join(pkg, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!existsSync(vite)) throw new Error(`cannot build the console: ${vite} is missing (pnpm install)`);
  // A production build whatever the caller's NODE_ENV (a test runner's `test` gives an unminified
  // bundle with the framework's debug code, twice the size).
  const run = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: pkg,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (run.status !== 0) {
    throw new Error(`building the console failed (${run.status ?? run.signal}):\n${run.stderr}${run.stdout}`);
  }
}

/** Builds the console when `consoleIsStale`; says so on `say`. True when it built. */
export function ensureConsoleBuilt(say: (line: string) => void = () => {}, pkg = CONSOLE_PACKAGE): boolean {
  if (!consoleIsStale(pkg)) return false;
  say('building the web console (packages/console) …');
  const started = Date.now();
  buildConsole(pkg);
  say(`web console built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}

/** Whether `file` names a file inside `dir` (nothing above it, no directory). */
function isFileUnder(dir: string, file: string): boolean {
  const path = resolve(dir, file);
  const inside = relative(dir, path);
  if (inside === '' || inside.startsWith('..') || inside.startsWith(sep)) return false;
  return existsSync(path) && statSync(path).isFile();
}

/**
 * Serves the built console at `/` and `/console/*`, and the development sign-in where allowed.
 * Without a build, the API runs on alone (and says so once).
 */
export function serveConsole(app: LandcaseApp, config: Config, env: NodeJS.ProcessEnv): void {
  devTokenRoute(app, config);
  const dist = consoleDistOf(env);
  if (!existsSync(join(dist, 'index.html'))) {
    app.log.warn({ dist }, 'no web console build: / is not served (pnpm --filter @landcase/console build)');
    return;
  }
  app.register(async (site) => {
    await site.register(fastifyStatic, { root: dist, serve: false });
    site.addHook('onSend', async (_request, reply, payload) => {
      reply.header('content-security-policy', CONSOLE_CSP);
      return payload;
    });
    const route = { config: { public: true }, schema: { hide: true }, logLevel: 'warn' as const };
    site.get('/', route, (_request, reply) =>
      reply.header('cache-control', 'no-cache').sendFile('index.html'),
    );
    site.get('/console/*', route, (request, reply) => {
      const file = (request.params as { '*': string })['*'];
      if (!isFileUnder(dist, file)) throw new NotFound(`no console file ${file}`);
      // Vite names each asset by its content: it never changes under its name.
      const maxAge = file.startsWith('assets/') ? 31_536_000 : 0;
      return reply.sendFile(file, { maxAge, immutable: maxAge > 0 });
    });
  });
}
