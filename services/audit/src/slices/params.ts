import { type Static, Type } from '@sinclair/typebox';

export const CaseIdParams = Type.Object(
  { caseId: Type.String({ minLength: 1, maxLength: 128 }) },
  { additionalProperties: false },
);
export type CaseIdParams = Static<typeof CaseIdParams>;
