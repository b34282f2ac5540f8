import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalIdentifier,
  identifierProblem,
  normalisedName,
  residentIdCheckChar,
  strongIdentityOf,
  usccCheckChar,
} from './party-identity.ts';
import { identifierFor } from './test-support.ts';

// The examples printed in the standards themselves.
const RESIDENT_ID = '11010519491231002X';
const USCC = '91350100M000100Y43';

describe('resident ID numbers (GB 11643)', () => {
  it("takes the standard's example, its x in either case and typed full width", () => {
    expect(residentIdCheckChar(RESIDENT_ID.slice(0, 17))).toBe('X');
    expect(identifierProblem('person', RESIDENT_ID)).toBeNull();
    expect(identifierProblem('person', '11010519491231002x')).toBeNull();
    expect(identifierProblem('person', '１１０１０５ 1949 1231002x')).toBeNull();
    expect(canonicalIdentifier('１１０１０５ 1949 1231002x')).toBe(RESIDENT_ID);
  });

  it('refuses a wrong check digit, naming the standard', () => {
    expect(identifierProblem('person', '110105194912310021')).toMatch(/check digit .*GB 11643/);
  });

  it('refuses what is not 18 characters of digits and a final X', () => {
    for (const bad of ['11010519491231002', '11010519491231002XX', 'X10105194912310021', 'MODEL-abc']) {
      expect(identifierProblem('person', bad), bad).toMatch(/18-character resident ID number/);
    }
    // The old 15-digit numbers are no longer valid identity documents.
    expect(identifierProblem('person', '110105491231002')).toMatch(/18-character/);
  });

  it('catches every single wrong digit and every swap of two different neighbours', () => {
    const digits = fc.stringMatching(/^[0-9]{17}$/);
    fc.assert(
      fc.property(digits, fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (body, at, by) => {
        const valid = body + residentIdCheckChar(body);
        expect(identifierProblem('person', valid)).toBeNull();
        const changed = `${body.slice(0, at)}${(Number(body[at]) + by) % 10}${body.slice(at + 1)}`;
        expect(identifierProblem('person', changed + valid[17])).not.toBeNull();
        if (at < 16 && body[at] !== body[at + 1]) {
          const swapped = `${body.slice(0, at)}${body[at + 1]}${body[at]}${body.slice(at + 2)}`;
          expect(identifierProblem('person', swapped + valid[17])).not.toBeNull();
        }
      }),
    );
  });
});

describe('unified social credit codes (GB 32100)', () => {
  it("takes the standard's example, in lower case too", () => {
    expect(usccCheckChar(USCC.slice(0, 17))).toBe('3');
    expect(identifierProblem('organization', USCC)).toBeNull();
    expect(identifierProblem('organization', USCC.toLowerCase())).toBeNull();
  });

  it('refuses a wrong check character and the letters the alphabet leaves out', () => {
    expect(identifierProblem('organization', '91350100M000100Y44')).toMatch(/check character .*GB 32100/);
    expect(identifierProblem('organization', '91350100M000100I43')).toMatch(/without I, O, S, V and Z/);
    expect(identifierProblem('organization', '91350100M000100Y4')).toMatch(/18-character/);
  });

  it('catches every single wrong character', () => {
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    const body = fc
      .array(fc.constantFrom(...alphabet), { minLength: 17, maxLength: 17 })
      .map((c) => c.join(''));
    fc.assert(
      fc.property(body, fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 30 }), (code, at, by) => {
        const valid = code + usccCheckChar(code);
        expect(identifierProblem('organization', valid)).toBeNull();
        const changed = alphabet[(alphabet.indexOf(code[at]!) + by) % 31]!;
        const wrong = `${code.slice(0, at)}${changed}${code.slice(at + 1)}${valid[17]}`;
        expect(identifierProblem('organization', wrong)).not.toBeNull();
      }),
    );
  });
});

describe('the identifier that fits the kind', () => {
  it('takes a resident ID for a person and a credit code for an organization, not the other way', () => {
    expect(identifierProblem('person', USCC)).toMatch(
      /^is a unified social credit code .* of kind 'organization'; .* resident ID number/,
    );
    // A resident ID has the shape of a credit code: its check fails there, and the kind is named.
    expect(identifierProblem('organization', RESIDENT_ID)).toMatch(
      /^the check character does not match .*; it would pass as a resident ID number .* kind 'person'$/,
    );
  });

  it('gives a strong identity only to a party whose identifier passes', () => {
    expect(strongIdentityOf({ name: '张三', kind: 'person', idNumber: '11010519491231002x' })).toBe(
      `person:${RESIDENT_ID}`,
    );
    expect(strongIdentityOf({ name: 'X Ltd', kind: 'organization', idNumber: ` ${USCC} ` })).toBe(
      `organization:${USCC}`,
    );
    // Recorded before identifiers were checked: known by name only.
    expect(strongIdentityOf({ name: '张三', kind: 'person', idNumber: '141181198001010011' })).toBeNull();
    expect(strongIdentityOf({ name: '张三', kind: 'person', idNumber: 'MODEL-1' })).toBeNull();
    expect(strongIdentityOf({ name: '张三', kind: 'person' })).toBeNull();
  });
});

describe('normalisedName', () => {
  it('folds width, case and spaces', () => {
    expect(normalisedName('  ｆｅｎｙａｎｇ  brick WORKS(Ltd) ')).toBe(
      normalisedName('Fenyang Brick Works（Ltd）'),
    );
    expect(normalisedName('张 三')).toBe('张三');
    expect(normalisedName('张三')).not.toBe(normalisedName('张山'));
  });
});

describe('identifiers made for tests', () => {
  it('pass their check, differ by seed and repeat for the same seed', () => {
    const seeds = Array.from({ length: 500 }, (_, i) => `path-${i}`);
    for (const kind of ['person', 'organization'] as const) {
      const ids = seeds.map((seed) => identifierFor(kind, seed));
      for (const id of ids) expect(identifierProblem(kind, id), id).toBeNull();
      expect(new Set(ids).size).toBe(seeds.length);
      expect(identifierFor(kind, 'path-7')).toBe(ids[7]);
    }
  });
});
