import { rm } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, type Metafile } from 'esbuild';

// `pnpm build [name...]`: bundles each entry point with esbuild into one ES module under the
// package's dist/, so that a deployment runs `node dist/main.mjs` with no TypeScript loader and
// no dev dependency. The workspace packages are TypeScript source and are compiled into each
// bundle; so are the pure-JavaScript libraries, each resolved from the package that imports it.
// What cannot be bundled stays an import, installed beside the bundle (infra/prod-modules.sh):
// native code, packages that read files next to themselves, and optional modules some libraries
// try to load and do without.

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Left as imports: installed as production dependencies, or optional and absent. */
export const EXTERNAL = [
  // native addon (a .node file compiled for the platform)
  'better-sqlite3',
  // serves the Swagger UI files from its own directory
  '@fastify/swagger-ui',
  // optional modules of the MongoDB driver, loaded only when configured
  'kerberos',
  'snappy',
  '@mongodb-js/zstd',
  '@aws-sdk/credential-providers',
  'gcp-metadata',
  'socks',
  'aws4',
  'mongodb-client-encryption',
];

export interface Entry {
  /** What `pnpm build <name>` builds. */
  name: string;
  /** The package directory, relative to the repository. */
  dir: string;
  /** Source files (relative to `dir`) → dist/<basename>.mjs. */
  sources: string[];
}

export const ENTRIES: Entry[] = [
  ...['detection', 'enforcement', 'referral', 'remediation'].map((name) => ({
    name,
    dir: `services/${name}`,
    sources: ['src/main.ts'],
  })),
  { name: 'audit', dir: 'services/audit', sources: ['src/main.ts', 'src/make-signing-key.ts'] },
  { name: 'cli', dir: 'packages/cli', sources: ['src/main.ts'] },
];

export const OPTIONS: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  outExtension: { '.js': '.mjs' },
  sourcemap: 'linked',
  external: EXTERNAL,
  // CommonJS libraries inside an ES module bundle still call require() for Node's own modules.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
  metafile: true,
};

/** Builds one entry into `outdir` (default `<dir>/dist`), emptied first; the packages it still imports. */
export async function buildEntry(entry: Entry, outdir = join(ROOT, entry.dir, 'dist')): Promise<string[]> {
  await rm(outdir, { recursive: true, force: true });
  const result = await build({
    ...OPTIONS,
    absWorkingDir: join(ROOT, entry.dir),
    entryPoints: entry.sources,
    outdir,
  });
  return externalImports(result.metafile!);
}

/** The packages a bundle still imports (Node's own modules aside). */
export function externalImports(metafile: Metafile): string[] {
  const found = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const i of output.imports) {
      if (i.external && !isBuiltin(i.path)) found.add(i.path);
    }
  }
  return [...found].sort();
}

async function main(names: string[]): Promise<void> {
  const unknown = names.filter((n) => !ENTRIES.some((e) => e.name === n));
  if (unknown.length > 0) {
    throw new Error(`unknown: ${unknown.join(', ')}; known: ${ENTRIES.map((e) => e.name).join(', ')}`);
  }
  const chosen = names.length > 0 ? ENTRIES.filter((e) => names.includes(e.name)) : ENTRIES;
  await Promise.all(
    chosen.map(async (entry) => {
      const externals = await buildEntry(entry);
      process.stdout.write(
        `${entry.dir}/dist: ${entry.sources.join(', ')}; imports ${externals.join(', ')}\n`,
      );
    }),
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
