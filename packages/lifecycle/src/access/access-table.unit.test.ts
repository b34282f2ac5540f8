import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  accessBlockOf,
  accessKeys,
  readAccessBlock,
  renderAccessTable,
  replaceAccessBlock,
} from './access-table.ts';
import { ACCESS_POLICY, type AccessRule } from './policy.ts';

const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');

describe("README's who may see and do what", () => {
  it('is the table the access policy generates', () => {
    expect(
      readAccessBlock(readme),
      'README.md access block is stale: run `pnpm docs:access` and commit the README',
    ).toBe(accessBlockOf(renderAccessTable()));
  });

  it('names every entry of the policy exactly once', () => {
    const table = renderAccessTable();
    for (const key of accessKeys()) expect(table.split(`\`${key}\``).length - 1, key).toBe(1);
  });

  it('says who, with which role and where, as the entry does', () => {
    const row = renderAccessTable()
      .split('\n')
      .find((line) => line.endsWith('`enforcement.case.closure` |'));
    const rule = ACCESS_POLICY['enforcement.case.closure'];
    expect(row).toBe(
      `| ${rule.summary} | command | nrb | officer or head | its own division | \`enforcement.case.closure\` |`,
    );
  });

  it('changes when an entry changes', () => {
    const edited: Record<string, AccessRule> = {
      ...ACCESS_POLICY,
      'enforcement.case.closure': {
        ...ACCESS_POLICY['enforcement.case.closure'],
        who: ['gov'],
        scope: 'above',
      },
    };
    const row = renderAccessTable(edited)
      .split('\n')
      .find((line) => line.endsWith('`enforcement.case.closure` |'));
    expect(row).toContain('| gov | officer or head | a division below its own |');
    expect(renderAccessTable(edited)).not.toBe(renderAccessTable());
  });

  it('rewrites only its block', () => {
    const doc = 'before\n<!-- access:begin -->\nold\n<!-- access:end -->\nafter\n';
    expect(replaceAccessBlock(doc, 'new')).toBe(
      'before\n<!-- access:begin -->\nnew\n<!-- access:end -->\nafter\n',
    );
    expect(() => readAccessBlock('no block here')).toThrow(/access:begin/);
  });
});
