import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { consoleIsStale } from './site.ts';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function consolePackage(): string {
  dir = mkdtempSync(join(tmpdir(), 'landcase-console-pkg-'));
  mkdirSync(join(dir, 'src', 'views'), { recursive: true });
  writeFileSync(join(dir, 'src', 'views', 'inbox.tsx'), '');
  writeFileSync(join(dir, 'index.html'), '');
  return dir;
}
const at = (path: string, seconds: number) => utimesSync(path, seconds, seconds);

describe('whether the console must be built', () => {
  it('must, without a build', () => {
    expect(consoleIsStale(consolePackage())).toBe(true);
  });

  it('must not, when the build is newer than every source; must, once a source is newer', () => {
    const pkg = consolePackage();
    mkdirSync(join(pkg, 'dist'));
    writeFileSync(join(pkg, 'dist', 'index.html'), '');
    at(join(pkg, 'src', 'views', 'inbox.tsx'), 1_000);
    at(join(pkg, 'index.html'), 1_000);
    at(join(pkg, 'dist', 'index.html'), 2_000);
    expect(consoleIsStale(pkg)).toBe(false);
    at(join(pkg, 'src', 'views', 'inbox.tsx'), 3_000);
    expect(consoleIsStale(pkg)).toBe(true);
  });

  it('ignores the tests beside the sources, and a package without sources (a deployment)', () => {
    const pkg = consolePackage();
    mkdirSync(join(pkg, 'dist'));
    writeFileSync(join(pkg, 'dist', 'index.html'), '');
    writeFileSync(join(pkg, 'src', 'console.e2e.test.ts'), '');
    at(join(pkg, 'src', 'views', 'inbox.tsx'), 1_000);
    at(join(pkg, 'index.html'), 1_000);
    at(join(pkg, 'dist', 'index.html'), 2_000);
    at(join(pkg, 'src', 'console.e2e.test.ts'), 3_000);
    expect(consoleIsStale(pkg)).toBe(false);
    rmSync(join(pkg, 'src'), { recursive: true });
    expect(consoleIsStale(pkg)).toBe(false);
  });
});
