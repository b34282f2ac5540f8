import { ACCESS_POLICY, type AccessKey, type AccessRule, type Scope } from './policy.ts';

// The README's "who may see and do what", generated from the access policy like the states table
// from the machines, so the two cannot drift: `pnpm docs:access` rewrites it, a unit test fails
// when it is stale.

export const ACCESS_BEGIN = '<!-- access:begin -->';
export const ACCESS_END = '<!-- access:end -->';

const SERVICE_TITLES: Record<string, string> = {
  detection: 'Detection',
  enforcement: 'Enforcement',
  referral: 'Referral',
  remediation: 'Remediation',
  audit: 'Audit',
  ops: 'Operations',
};

const WHERE: Record<AccessRule['kind'], Record<Scope, string>> = {
  command: {
    own: 'its own division',
    'own-or-above': 'its own division or one below it',
    above: 'a division below its own',
    anywhere: 'anywhere',
  },
  read: {
    own: 'its own division',
    'own-or-above': 'its own division and those below it',
    above: 'the divisions below its own',
    anywhere: 'anywhere',
  },
  list: {
    own: 'its own division',
    'own-or-above': 'its own division and those below it',
    above: 'the divisions below its own',
    anywhere: 'anywhere',
  },
};

function who(rule: AccessRule): string {
  if (rule.who === 'sender') return 'the sending agency';
  if (rule.who === 'receiver') return 'the receiving agency';
  if (rule.who === 'audience') return 'agencies with a part in it';
  return rule.who.join(', ');
}

const roles = (rule: AccessRule): string => (rule.roles ? rule.roles.join(' or ') : 'any');

const service = (key: string): string => key.slice(0, key.indexOf('.'));

/** One table per service, in the policy's own order: what, who, which role, where. */
export function renderAccessTable(policy: Record<string, AccessRule> = ACCESS_POLICY): string {
  const services = [...new Set(Object.keys(policy).map(service))];
  return services
    .map((name) => {
      const rows = Object.entries(policy)
        .filter(([key]) => service(key) === name)
        .map(
          ([key, rule]) =>
            `| ${rule.summary} | ${rule.kind} | ${who(rule)} | ${roles(rule)} | ${WHERE[rule.kind][rule.scope]} | \`${key}\` |`,
        );
      return [
        `#### ${SERVICE_TITLES[name] ?? name}`,
        '',
        '| What | Kind | Who | Role | Where | Entry |',
        '| --- | --- | --- | --- | --- | --- |',
        ...rows,
      ].join('\n');
    })
    .join('\n\n');
}

/** The block as the README holds it, markers included. */
export const accessBlockOf = (table: string): string => `${ACCESS_BEGIN}\n${table}\n${ACCESS_END}`;

function blockBounds(readme: string): { start: number; end: number } {
  const start = readme.indexOf(ACCESS_BEGIN);
  const end = readme.indexOf(ACCESS_END);
  if (start < 0 || end < start) throw new Error(`README has no '${ACCESS_BEGIN}' … '${ACCESS_END}' block`);
  return { start, end: end + ACCESS_END.length };
}

export function readAccessBlock(readme: string): string {
  const { start, end } = blockBounds(readme);
  return readme.slice(start, end);
}

export function replaceAccessBlock(readme: string, table: string): string {
  const { start, end } = blockBounds(readme);
  return readme.slice(0, start) + accessBlockOf(table) + readme.slice(end);
}

/** The entries of the policy, for tests that the table names each exactly once. */
export const accessKeys = (): AccessKey[] => Object.keys(ACCESS_POLICY) as AccessKey[];
