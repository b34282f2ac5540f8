import { RULE_SET, RuleSetNotLoadedError } from '@landcase/lifecycle';
import { describe, expect, it } from 'vitest';
import { problemOf } from './error-handler.ts';

describe('problemOf', () => {
  it('answers a case whose recorded rule set is not loaded 503, naming the version', () => {
    const version = `${RULE_SET.version}+35@2020.1`;
    expect(problemOf(new RuleSetNotLoadedError(version, '35@2020.1'))).toMatchObject({
      type: 'about:blank',
      status: 503,
      detail: expect.stringContaining(`rule set ${version}: overlay 35@2020.1 is not loaded`),
    });
  });

  it('leaves an error nobody expected to the 500 handler', () => {
    expect(problemOf(new Error('unexpected'))).toBeNull();
  });
});
