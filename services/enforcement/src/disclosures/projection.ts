import { TOPICS } from '@landcase/contracts';
import { enforcementCaseMachine, type RuleSet } from '@landcase/lifecycle';
import {
  type ListProjection,
  listProjection,
  readCalendar,
  rulesOf,
  type ServiceContext,
} from '@landcase/service-kit';
import { type CaseFields, evolveCase } from '../case.ts';
import { disclosureDocument, publicDisclosureOf } from './public-record.ts';

/** The read model of public disclosures, one document per case, `published` once it was decided. */
export const DISCLOSURES_COLLECTION = 'enforcement.disclosures';

/**
 * The public record of each penalty decision, folded from the case's events like the case list
 * (service-kit's listProjection), so it holds the party the case was opened with. The fold kept
 * inside the document holds the full party; the route shows only the public fields.
 */
export function disclosuresProjection(ctx: ServiceContext): ListProjection {
  return listProjection<typeof enforcementCaseMachine, CaseFields>(ctx, {
    name: 'disclosures',
    topics: [TOPICS.enforcement],
    collection: DISCLOSURES_COLLECTION,
    aggregate: 'case',
    machine: enforcementCaseMachine,
    evolveFields: evolveCase,
    document: ({ id, fields }) =>
      disclosureDocument(publicDisclosureOf(id, fields, readCalendar(ctx), ruleSetOf(ctx, fields))),
  });
}

/**
 * The rule set the case was opened under; one this build cannot resolve (another base version) is
 * read by the base rule set rather than failing every event of the case.
 */
function ruleSetOf(ctx: ServiceContext, fields: CaseFields): RuleSet {
  const book = rulesOf(ctx);
  try {
    return book.byVersion(fields.ruleSetVersion);
  } catch (error) {
    ctx.log.warn(
      { err: error, ruleSetVersion: fields.ruleSetVersion },
      'disclosures: rule set not resolvable; publishBy counted by the base rule set',
    );
    return book.base;
  }
}

export const projectDisclosures = (ctx: ServiceContext) => disclosuresProjection(ctx).start();
