import { Type } from '@sinclair/typebox';
import {
  AGENCIES,
  CLUE_SOURCES,
  HISTORICAL_DISPOSITIONS,
  LAND_CLASSES,
  PARTY_KINDS,
  PENALTY_MEASURES,
  RECOMMENDATION_ADDRESSEES,
  REFERRAL_DOCUMENT_KINDS,
  REFERRAL_TARGETS,
  REMEDIATION_STEPS,
  VERDICTS,
} from './enums.ts';
// Registers the catalogue's `date-time` with TypeBox, which Timestamp below needs to be checked.
import './timestamp.ts';

// Field schemas reused by the event catalogue and by the HTTP routes, so both say the same thing: a
// route takes a field the catalogue records with the definition below (or a narrower one), never
// one of its own, so a request the route accepts cannot make an event the catalogue refuses.

// Unsafe keeps the literal type (`'pbf' | 'farmland' | ...`) that a mapped union would widen to string.
const literalUnion = <T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>(
    Type.Union(
      values.map((v) => Type.Literal(v)),
      description ? { description } : {},
    ),
  );

export const AgencyCode = literalUnion(AGENCIES, 'agency code');
export const LandClassField = literalUnion(LAND_CLASSES, 'land class');
export const ClueSourceField = literalUnion(CLUE_SOURCES, 'channel the clue came by');
export const VerdictField = literalUnion(VERDICTS, 'field-verification verdict');
export const PartyKindField = literalUnion(PARTY_KINDS);
export const MeasureField = literalUnion(PENALTY_MEASURES, 'penalty measure (Land Management Law art. 77)');
export const ReferralTargetField = literalUnion(REFERRAL_TARGETS, 'receiving agency');
export const ReferralDocumentKindField = literalUnion(REFERRAL_DOCUMENT_KINDS, 'kind of referral document');
/** A media type as `type/subtype`, parameters allowed (`text/plain; charset=utf-8`). */
export const MediaType = Type.String({
  minLength: 3,
  maxLength: 255,
  pattern: '^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*( *;[ -~]*)?$',
  description: 'media type, e.g. application/pdf',
});
export const RemediationStepField = literalUnion(REMEDIATION_STEPS);
export const RecommendationAddresseeField = literalUnion(RECOMMENDATION_ADDRESSEES, 'addressed agency');

export const DivisionCode = Type.String({
  pattern: '^[0-9]{6}([0-9]{3}([0-9]{3})?)?$',
  description: 'administrative division code (GB/T 2260), 6, 9 or 12 digits',
});
/** Checked by `isTimestamp` (timestamp.ts) in the catalogue and in every HTTP schema alike. */
export const Timestamp = Type.String({
  format: 'date-time',
  description: 'RFC 3339 date-time with an offset, e.g. 2026-03-02T09:00:00+08:00; no leap second (:60)',
});
export const ChinaDate = Type.String({
  pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$',
  description: 'China calendar date, YYYY-MM-DD',
});
export const HistoricalDispositionField = literalUnion(
  HISTORICAL_DISPOSITIONS,
  'disposition of a batch of historical cases (seed 004 §(六)2)',
);
/** The largest parcel a case may concern, in mu (about 667 km²): bigger is a mistake in the data. */
export const MAX_PARCEL_AREA_MU = 1_000_000;
export const AreaMu = Type.Number({ minimum: 0, maximum: MAX_PARCEL_AREA_MU, description: 'area in mu' });
/** A division's figure for a year (land-use change survey), which may exceed any one parcel. */
export const DivisionAreaMu = Type.Number({
  minimum: 0,
  maximum: 10_000_000,
  description: "a division's area for a year, in mu",
});
/** A sum of cases' areas: as many cases as a division has, so no bound but zero. */
export const TotalAreaMu = Type.Number({ minimum: 0, description: 'sum of areas, in mu' });
export const CaseId = Type.String({ minLength: 1, maxLength: 128, description: 'case id' });
export const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$' });
export const NonEmpty = (description?: string) =>
  Type.String({ minLength: 1, maxLength: 2000, ...(description ? { description } : {}) });

export const Evidence = Type.Object(
  { uri: Type.String({ minLength: 1, maxLength: 2000 }), sha256: Sha256 },
  { additionalProperties: false },
);
export const Party = Type.Object(
  {
    name: NonEmpty('name of the person or organization'),
    kind: PartyKindField,
    idNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);
export const Official = Type.Object(
  {
    name: NonEmpty('name of the official or insider'),
    position: NonEmpty('post held'),
    organization: NonEmpty('body the post belongs to'),
  },
  { additionalProperties: false },
);
export const DocumentRef = Type.Object(
  {
    kind: NonEmpty('letter, report, evidence-list, appraisal, ...'),
    ref: NonEmpty('document number or URI'),
    sha256: Type.Optional(Sha256),
  },
  { additionalProperties: false },
);
