// Closed vocabularies shared by every service. Values are the wire values; never rename one.

export const AGENCIES = ['nrb', 'gov', 'grid', 'psb', 'proc', 'disc', 'court', 'agri', 'audit'] as const;
export type Agency = (typeof AGENCIES)[number];

export const LAND_CLASSES = [
  'pbf',
  'farmland',
  'other_agricultural',
  'forest',
  'grassland',
  'construction',
  'unused',
] as const;
export type LandClass = (typeof LAND_CLASSES)[number];

// Seed 002 §四(四): every channel a clue can arrive by.
export const CLUE_SOURCES = [
  'satellite',
  'drone',
  'video',
  'patrol',
  'report',
  'petition',
  'media',
  'online',
  'inspection',
] as const;
export type ClueSource = (typeof CLUE_SOURCES)[number];

export const VERDICTS = ['illegal', 'legal', 'no_change', 'historical'] as const;
export type Verdict = (typeof VERDICTS)[number];

export const PARTY_KINDS = ['person', 'organization'] as const;
export type PartyKind = (typeof PARTY_KINDS)[number];

export const PENALTY_MEASURES = ['demolish', 'confiscate', 'restore', 'fine'] as const;
/** How a batch of historical cases is handled: 补办手续, confiscation, or demolition and restoration. */
export const HISTORICAL_DISPOSITIONS = ['regularise', 'confiscate', 'demolish_restore'] as const;
export type HistoricalDisposition = (typeof HISTORICAL_DISPOSITIONS)[number];
export type PenaltyMeasure = (typeof PENALTY_MEASURES)[number];

export const REFERRAL_TARGETS = ['psb', 'proc', 'disc', 'court'] as const;
export type ReferralTarget = (typeof REFERRAL_TARGETS)[number];

// The documents a referral carries (State Council Order 310 art. 6: 移送书, 调查报告, 涉案物品清单;
// domain.md: the letter, the report, the evidence list, any appraisal), as files kept by their SHA-256:
// the survey (勘测定界图) and the site photos besides.
export const REFERRAL_DOCUMENT_KINDS = [
  'referral-letter',
  'investigation-report',
  'evidence-list',
  'survey',
  'photos',
] as const;
export type ReferralDocumentKind = (typeof REFERRAL_DOCUMENT_KINDS)[number];

// The agencies a procuratorial recommendation (检察建议) is addressed to (domain.md, row `proc`).
export const RECOMMENDATION_ADDRESSEES = ['nrb', 'gov', 'agri'] as const;
export type RecommendationAddressee = (typeof RECOMMENDATION_ADDRESSEES)[number];

export const REMEDIATION_STEPS = ['demolished', 'recultivated'] as const;
export type RemediationStep = (typeof REMEDIATION_STEPS)[number];

// The roles a bearer token may carry: officers act, heads approve, auditors read the ledger, ops run the system.
export const ROLES = ['officer', 'head', 'auditor', 'ops'] as const;
export type Role = (typeof ROLES)[number];

export const SERVICES = ['detection', 'enforcement', 'referral', 'remediation', 'audit'] as const;
export type ServiceName = (typeof SERVICES)[number];
