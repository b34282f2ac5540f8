import type { Party } from './events.ts';

// Who a party is, across cases. Two occupations add up by themselves (法释〔2000〕14号 art. 9) only
// when their parties carry the same strong identifier: a person's resident ID number (公民身份号码,
// GB 11643-1999) or an organization's unified social credit code (统一社会信用代码, GB 32100-2015),
// each checked by its check character, so that a mistyped digit can neither join two people nor
// split one. A name alone identifies no one: 张某 is many people.

/** The identifier a party of each kind is known by. */
export const IDENTIFIER_OF_KIND = {
  person: 'resident ID number (GB 11643)',
  organization: 'unified social credit code (GB 32100)',
} as const satisfies Record<Party['kind'], string>;

// GB 11643-1999 §5: 17 digits (address, birth date, sequence) and a check character over them,
// ISO 7064 MOD 11-2: Σ digit × 2^(17-i) mod 11 mapped to 1 0 X 9 8 7 6 5 4 3 2.
const RESIDENT_ID = /^[0-9]{17}[0-9X]$/;
const RESIDENT_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const RESIDENT_ID_CHECK = '10X98765432';

/** The GB 11643 check character of the first 17 digits of a resident ID number. */
export function residentIdCheckChar(first17: string): string {
  if (!/^[0-9]{17}$/.test(first17)) throw new RangeError(`'${first17}' is not 17 digits`);
  const sum = [...first17].reduce((s, digit, i) => s + Number(digit) * RESIDENT_ID_WEIGHTS[i]!, 0);
  return RESIDENT_ID_CHECK[sum % 11]!;
}

// GB 32100-2015 §4-5: 18 characters of an alphabet without I, O, S, V and Z; the last is a check
// character over the first 17 with the weights 3^(i-1) mod 31, (31 - Σ mod 31) mod 31.
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC = /^[0-9ABCDEFGHJKLMNPQRTUWXY]{18}$/;
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The GB 32100 check character of the first 17 characters of a unified social credit code. */
export function usccCheckChar(first17: string): string {
  if (!/^[0-9ABCDEFGHJKLMNPQRTUWXY]{17}$/.test(first17)) {
    throw new RangeError(`'${first17}' is not 17 characters of the GB 32100 alphabet`);
  }
  const sum = [...first17].reduce((s, char, i) => s + USCC_ALPHABET.indexOf(char) * USCC_WEIGHTS[i]!, 0);
  return USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/**
 * The form an identifier is compared and stored in: full-width characters folded (ＡＢ１ → AB1,
 * as an IME types them), spaces dropped, letters upper case (a resident ID's x is X).
 */
export const canonicalIdentifier = (text: string): string =>
  text.normalize('NFKC').replace(/\s+/g, '').toUpperCase();

/**
 * Why `idNumber` is not a valid identifier for a party of `kind`, or null when it is. The
 * identifier is taken in its canonical form (canonicalIdentifier).
 */
export function identifierProblem(kind: Party['kind'], idNumber: string): string | null {
  const id = canonicalIdentifier(idNumber);
  const own = kind === 'person' ? residentIdProblem(id) : usccProblem(id);
  if (own === null) return null;
  const other = kind === 'person' ? 'organization' : 'person';
  if ((kind === 'person' ? usccProblem(id) : residentIdProblem(id)) !== null) return own.reason;
  // Valid as the other kind's identifier: the kind may be wrong rather than the number. A number of
  // the right shape with a wrong check may still be a typo that happens to pass the other check.
  const otherKind = `a ${IDENTIFIER_OF_KIND[other]}, which identifies a party of kind '${other}'`;
  return own.shape
    ? `${own.reason}; it would pass as ${otherKind}`
    : `is ${otherKind}; a party of kind '${kind}' is identified by its ${IDENTIFIER_OF_KIND[kind]}`;
}

/** What is wrong with an identifier; `shape` when it has the right form and only its check fails. */
type Problem = { reason: string; shape: boolean } | null;

function residentIdProblem(id: string): Problem {
  if (!RESIDENT_ID.test(id)) {
    return {
      reason: 'must be an 18-character resident ID number (GB 11643): 17 digits and a check digit 0-9 or X',
      shape: false,
    };
  }
  if (residentIdCheckChar(id.slice(0, 17)) !== id[17]) {
    return {
      reason: 'the check digit does not match the number (GB 11643, ISO 7064 MOD 11-2): a digit is wrong',
      shape: true,
    };
  }
  return null;
}

function usccProblem(id: string): Problem {
  if (!USCC.test(id)) {
    return {
      reason:
        'must be an 18-character unified social credit code (GB 32100): digits and the letters A-Y ' +
        'without I, O, S, V and Z',
      shape: false,
    };
  }
  if (usccCheckChar(id.slice(0, 17)) !== id[17]) {
    return {
      reason: 'the check character does not match the code (GB 32100, MOD 31): a character is wrong',
      shape: true,
    };
  }
  return null;
}

/**
 * The party's strong identity (`person:<resident ID>` or `organization:<USCC>`), or null when it
 * carries none that passes its check: a party recorded before identifiers were checked, with a
 * number that fails, is known by its name only and adds up only once the bureau confirms it.
 */
export function strongIdentityOf(party: Party): string | null {
  if (party.idNumber === undefined || identifierProblem(party.kind, party.idNumber) !== null) return null;
  return `${party.kind}:${canonicalIdentifier(party.idNumber)}`;
}

/**
 * A name as compared across cases: NFKC folds full-width letters, digits and brackets (（） → ()),
 * whitespace is dropped (张 三 is typed for 张三) and letters are lower case.
 */
export const normalisedName = (name: string): string =>
  name.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
