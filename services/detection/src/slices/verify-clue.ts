import {
  AreaMu,
  ChinaDate,
  type DetectionEvent,
  type FieldError,
  LandClassField,
  NonEmpty,
  Party as PartyField,
  VerdictField,
} from '@landcase/contracts';
import { canonicalIdentifier, chinaDateOf, identifierProblem, normalisedName } from '@landcase/lifecycle';
import type { ServiceContext } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { ClueFields } from '../clue.ts';
import { clueCommandRoute } from './clue-command-route.ts';

// Field verification (实地核查): a polygon is only a clue until someone stood on the land.

export const VerifyClueBody = Type.Object(
  {
    verdict: VerdictField,
    areaMu: AreaMu,
    landClass: LandClassField,
    ongoing: Type.Boolean({ description: 'construction still going on' }),
    party: Type.Optional({
      ...PartyField,
      description:
        "`idNumber`: a person's resident ID number (GB 11643) or an organization's unified social credit " +
        'code (GB 32100), checked by its check character; without it, the party is known by its name only ' +
        'and its cases add up only once the bureau confirms a match',
    }),
    approvalRef: Type.Optional(NonEmpty('approval number, when the use is legal')),
    occupiedSince: Type.Optional({
      ...ChinaDate,
      description: 'the China date the occupation began, when the verdict is historical (sets its time node)',
    }),
  },
  { additionalProperties: false },
);
export type VerifyClue = Static<typeof VerifyClueBody>;

/**
 * An illegal use needs someone to act against; a legal one needs the approval that makes it so; a
 * historical one the day the occupation began, since the policy that applies depends on it (seed
 * 004 §(六)2 根据时间节点明确政策界限) — a real date, not after today in China.
 */
export function validateVerifyClue(body: VerifyClue, now: Date = new Date()): FieldError[] {
  const errors: FieldError[] = [];
  if (body.verdict === 'historical' && body.occupiedSince === undefined) {
    errors.push({ path: '/occupiedSince', reason: "required when the verdict is 'historical'" });
  }
  if (body.occupiedSince !== undefined) {
    if (body.verdict !== 'historical') {
      errors.push({ path: '/occupiedSince', reason: "only for the verdict 'historical'" });
    } else if (!isRealDate(body.occupiedSince)) {
      errors.push({ path: '/occupiedSince', reason: 'not a calendar date' });
    } else if (body.occupiedSince > chinaDateOf(now)) {
      errors.push({ path: '/occupiedSince', reason: 'after today (China time)' });
    }
  }
  if (body.verdict === 'illegal' && body.party === undefined) {
    errors.push({ path: '/party', reason: "required when the verdict is 'illegal'" });
  }
  if (body.party !== undefined) errors.push(...partyErrors(body.party));
  if (body.verdict === 'legal' && body.approvalRef === undefined) {
    errors.push({ path: '/approvalRef', reason: "required when the verdict is 'legal'" });
  }
  return errors;
}

/**
 * A party is known across cases by its identifier, so it must be one that passes its check: a
 * resident ID number for a person, a unified social credit code for an organization. Stored events
 * are not checked again: this is where a party enters.
 */
function partyErrors(party: Party): FieldError[] {
  const errors: FieldError[] = [];
  if (normalisedName(party.name) === '') {
    errors.push({ path: '/party/name', reason: 'has nothing but spaces' });
  }
  if (party.idNumber !== undefined) {
    const problem = identifierProblem(party.kind, party.idNumber);
    if (problem !== null) errors.push({ path: '/party/idNumber', reason: problem });
  }
  return errors;
}

type Party = NonNullable<VerifyClue['party']>;

/** The identifier as it is compared: full width folded, spaces dropped, upper case (x → X). */
const recordedParty = (party: Party): Party =>
  party.idNumber === undefined ? party : { ...party, idNumber: canonicalIdentifier(party.idNumber) };

/** The verdict carries what enforcement needs to open a case, so it never has to ask detection. */
export function decideVerifyClue(
  caseId: string,
  clue: ClueFields,
  body: VerifyClue,
  now: Date,
): DetectionEvent[] {
  return [
    {
      type: 'ClueVerified',
      data: {
        caseId,
        verdict: body.verdict,
        divisionCode: clue.divisionCode,
        areaMu: body.areaMu,
        landClass: body.landClass,
        ongoing: body.ongoing,
        ...(body.party !== undefined ? { party: recordedParty(body.party) } : {}),
        ...(body.approvalRef !== undefined ? { approvalRef: body.approvalRef } : {}),
        ...(body.occupiedSince !== undefined ? { occupiedSince: body.occupiedSince } : {}),
        source: clue.source,
        observedAt: clue.observedAt,
        verifiedAt: now.toISOString(),
      },
    },
  ];
}

export function verifyClueRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  return clueCommandRoute(app, ctx, {
    path: 'verification',
    summary: 'Record the field verification of a clue',
    description:
      "`party` is required when the verdict is 'illegal', `approvalRef` when it is 'legal', `occupiedSince` when it is 'historical'. " +
      "`party.idNumber`, when given, must pass its check: a person's resident ID number (GB 11643), an organization's unified social credit code (GB 32100).",
    body: VerifyClueBody,
    issues: 'ClueVerified',
    validate: validateVerifyClue,
    decide: decideVerifyClue,
  });
}

const isRealDate = (date: string): boolean => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const at = new Date(Date.UTC(y, m - 1, d));
  return at.getUTCFullYear() === y && at.getUTCMonth() === m - 1 && at.getUTCDate() === d;
};
