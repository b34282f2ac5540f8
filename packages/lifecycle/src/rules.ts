import { relationOf } from './access/divisions.ts';
import { type ChinaDay, chinaDateOf, chinaDayOf } from './calendar/china-time.ts';
import type { LandClass, PenaltyMeasure, SamePartyConfirmation } from './events.ts';

// The rule set: every figure the domain depends on, as data with its legal source, so a province
// can override an entry and a case can record which rule-set version decided it.

// `year_end`: the end of a China calendar year (31 December 24:00 CST), N = 1 the year the count
// starts in; a boundary of the annual assessment, not a procedural period, so never moved.
export type DeadlineUnit = 'hours' | 'calendar_days' | 'working_days' | 'calendar_months' | 'year_end';
export type RuleUnit =
  | 'mu'
  | 'land_classes'
  | 'agencies'
  | 'years'
  | 'ratio'
  | 'dates'
  | 'division_digits'
  | 'seconds'
  | 'relations'
  | 'document_kinds'
  | 'yuan'
  | 'measures'
  | 'fields'
  | DeadlineUnit;

const DEADLINE_UNITS: readonly string[] = [
  'hours',
  'calendar_days',
  'working_days',
  'calendar_months',
  'year_end',
] satisfies DeadlineUnit[];

/** Whether an entry's unit measures a deadline (rather than an area, a list or a look-back period). */
export const isDeadlineUnit = (unit: RuleUnit): unit is DeadlineUnit => DEADLINE_UNITS.includes(unit);

export interface RuleEntry {
  id: string;
  value: number | readonly string[];
  unit: RuleUnit;
  /** Where the figure comes from: a statute with its article, or a seed document and section. */
  source: string;
  note?: string;
}

export interface RuleSet {
  version: string;
  rules: Readonly<Record<string, RuleEntry>>;
}

type Entries = Record<string, Omit<RuleEntry, 'id'>>;
const withIds = (entries: Entries): Record<string, RuleEntry> =>
  Object.fromEntries(Object.entries(entries).map(([id, entry]) => [id, { id, ...entry }]));

const CRIMINAL_OCCUPATION = 'Criminal Law art. 342; 法释〔2000〕14号 art. 3';
const ORDER_310 = 'State Council Order 310 (rev. 2020)';
const ILLEGAL_APPROVAL = 'Criminal Law art. 410; 法释〔2000〕14号 art. 4';
const RECOMMENDATION_RULES = '最高人民检察院《人民检察院检察建议工作规定》(2019)';

export const RULE_SET: RuleSet = {
  version: '2026.1',
  rules: withIds({
    // Referral thresholds: a case at or above the area is referred (≥, never >).
    'referral.psb.pbf': { value: 5, unit: 'mu', source: CRIMINAL_OCCUPATION },
    'referral.psb.farmland': {
      value: 10,
      unit: 'mu',
      source: CRIMINAL_OCCUPATION,
      note: 'other farmland: configurable per province',
    },
    'referral.psb.forest': {
      value: 5,
      unit: 'mu',
      source: 'Criminal Law art. 342; 法释〔2023〕8号 art. 1',
      note: 'public-welfare forest land 5 mu, commercial 10 mu; the land class does not tell them apart, so the lower figure drafts the referral and the approval sorts it out; half after two penalties within two years',
    },
    'referral.psb.grassland': {
      value: 20,
      unit: 'mu',
      source: 'Criminal Law art. 342; 法释〔2012〕15号',
      note: '10 mu after a penalty within three years',
    },
    'referral.disc.pbf': { value: 5, unit: 'mu', source: 'seed 002 §四(五)' },
    'referral.disc.farmland': { value: 10, unit: 'mu', source: 'seed 002 §四(五)' },

    // The receipt (回执) names what the receiver got, each document by its SHA-256.
    'referral.receipt.attached': {
      value: ['attached'],
      unit: 'relations',
      source: `${ORDER_310} art. 7`,
      note: '公安机关…应当在涉嫌犯罪案件移送书的回执上签字: the receipt names only documents attached to the referral it signs for, each by its SHA-256, so what was received can be checked against what was sent',
    },

    // A supplement names only documents attached to the referral, as a receipt does.
    'referral.supplement.attached': {
      value: ['attached'],
      unit: 'relations',
      source: `${ORDER_310} art. 8`,
      note: 'the receiving agency asks for supplementary material (补充材料) and its decision period stands still until the sender supplies it (deadline.referral.decide pauses); the supply names the documents attached for it by SHA-256',
    },

    // What a referral must carry before it is dispatched, per receiving agency: documents attached
    // to it (their bytes kept by SHA-256), at least one of each kind.
    'referral.documents.psb': {
      value: ['referral-letter', 'investigation-report', 'evidence-list'],
      unit: 'document_kinds',
      source: `${ORDER_310} art. 6`,
      note: '(一) 涉嫌犯罪案件移送书, (二) 涉嫌犯罪案件情况的调查报告, (三) 涉案物品清单 always; (四) 检验报告或者鉴定结论 and (五) 其他有关材料 only where there are any, so not required',
    },
    'referral.documents.proc': {
      value: ['referral-letter', 'investigation-report', 'evidence-list'],
      unit: 'document_kinds',
      source:
        'domain.md, Referral (a referral carries the referral letter, the investigation report, the evidence list)',
      note: 'held as for the police: the procuratorate receives what the bureau would send the police (filing supervision, Order 310 art. 9; early intervention)',
    },
    'referral.documents.disc': {
      value: ['referral-letter', 'investigation-report', 'evidence-list'],
      unit: 'document_kinds',
      source:
        'domain.md, Referral (a referral carries the referral letter, the investigation report, the evidence list); seed 002 §四(五)',
    },
    'referral.documents.court': {
      value: ['referral-letter', 'investigation-report', 'evidence-list'],
      unit: 'document_kinds',
      source: 'domain.md, Referral; Administrative Compulsion Law art. 55',
      note: "art. 55: the application, the decision with its facts, reasons and basis, the party's statements and the reminder served, the object of enforcement",
    },

    // Accountability of officials beyond the area rule above (domain.md, Referral table row `disc`).
    'accountability.interference': {
      value: ['disc'],
      unit: 'agencies',
      source: 'seed 003 §四',
      note: 'every recorded attempt of an official or insider to interfere with a case is reported: a referral per record',
    },
    'accountability.illegal-approval.pbf': {
      value: 10,
      unit: 'mu',
      source: ILLEGAL_APPROVAL,
      note: '情节严重 (Criminal Law art. 410) from 10 mu of PBF; every illegal approval is referred, the figure only says whether it is serious',
    },
    'accountability.illegal-approval.farmland': {
      value: 30,
      unit: 'mu',
      source: ILLEGAL_APPROVAL,
      note: 'farmland other than PBF',
    },
    'accountability.illegal-approval.other': {
      value: 50,
      unit: 'mu',
      source: ILLEGAL_APPROVAL,
      note: 'any other land class',
    },
    'accountability.division-share': {
      value: 0.15,
      unit: 'ratio',
      source: '《违反土地管理规定行为处分办法》(监察部 人力资源和社会保障部 国土资源部令第15号, 2008) art. 3',
      note: "farmland illegally occupied in a year / farmland taken by new construction land that year; at or above it the division's officials are accountable",
    },

    // Repeated occupation by the same party adds up toward the thresholds above.
    'referral.accumulation.window': {
      value: 1,
      unit: 'years',
      source: '法释〔2000〕14号 art. 9',
      note: 'art. 9 adds up repeated acts "未经处理" (not yet handled) with no time limit; landcase adds up the occupations of the same party filed within this many years of each other, counted in China calendar dates: the same date a year on is inside, a day later is outside (民法典 art. 201). Only the same land class adds up: art. 3 sets separate figures for PBF and for farmland other than PBF',
    },
    'referral.accumulation.receivers': {
      value: ['psb'],
      unit: 'agencies',
      source: '法释〔2000〕14号 art. 9',
      note: 'art. 9 is a rule of criminal law, so the police thresholds add up; the accountability rule (seed 002 §四(五)) counts each case',
    },

    // Who "the same party" is: an identifier settles it, a name only raises the question.
    'party.match.county': {
      value: 6,
      unit: 'division_digits',
      source: '法释〔2000〕14号 art. 9; GB 11643-1999; GB 32100-2015',
      note:
        'occupations add up by themselves only where both parties carry the same valid resident ID number ' +
        '(GB 11643, a person) or unified social credit code (GB 32100, an organization). Parties of the same kind ' +
        'and name without identifiers that settle it, in cases filed in divisions whose first this-many digits ' +
        'agree (6: the same county) within the accumulation window, are a possible same party for the bureau to ' +
        'confirm or reject; nothing adds up on a name until an officer confirms it. landcase judgement: a name ' +
        'alone identifies no one, and a wrongful criminal referral is the worst error the rule can make',
    },

    // A fine or a retroactive permit may not replace demolition or confiscation.
    'penalty.no-fine-only': {
      value: ['pbf', 'farmland'],
      unit: 'land_classes',
      source: 'seed 003 §五; Land Management Law art. 77',
      note: 'art. 77: 限期拆除 and 恢复土地原状, or 没收 of buildings that fit the plan, 并处罚款; seed 003 §五: 不得以罚款、补办手续取代拆除或没收. Held at the notice of intended penalty (Administrative Penalty Law art. 64) as at the decision: a notice that intends only a fine on these classes is refused',
    },

    // Major cases (重大案件): a collective review by the bureau's leadership (重大案件会审, seed 003 §四)
    // and a legal review (法制审核, Administrative Penalty Law art. 58) before the decision. Held by
    // reviewsRequiredFor / checkDecisionReviews, which the decision command asks (422 naming them).
    'penalty.major.pbf-area': {
      value: 5,
      unit: 'mu',
      source: `seed 003 §四; ${CRIMINAL_OCCUPATION} (domain.md, Referral)`,
      note: 'a case occupying at least this much permanent basic farmland is major: the figure at which the occupation is a suspected crime',
    },
    'penalty.major.farmland-area': {
      value: 10,
      unit: 'mu',
      source: `seed 003 §四; ${CRIMINAL_OCCUPATION} (domain.md, Referral)`,
      note: 'as for PBF, for other farmland',
    },
    'penalty.major.fine': {
      value: 100_000,
      unit: 'yuan',
      source: 'Administrative Penalty Law art. 58 (landcase default)',
      note: "a fine of at least this many yuan makes the case major. domain.md and the seeds give no figure: a province sets its own (较大数额罚款 is set locally); 100,000 yuan is landcase's default",
    },
    'penalty.legal-review.measures': {
      value: ['demolish', 'confiscate'],
      unit: 'measures',
      source:
        'Administrative Penalty Law art. 58; domain.md, Investigation (before a major penalty: legal review first)',
      note: 'a decision with any of these measures needs a legal review (法制审核) whether or not the case is major; a major case needs one whatever its measures',
    },

    // What a penalty decision document must state (Administrative Penalty Law art. 59). The measures,
    // the fine, the deadline to comply (complyBy) and the decision's number are required fields of
    // the command itself; these are the rest, each a field of the decision (nested: appeal/...).
    'penalty.decision.contents': {
      value: [
        'partyAddress',
        'facts',
        'evidence',
        'legalBasis',
        'complianceMethod',
        'appeal/reconsideration/authority',
        'appeal/reconsideration/period',
        'appeal/lawsuit/court',
        'appeal/lawsuit/period',
        'decidingOrgan',
        'decidedAt',
      ],
      unit: 'fields',
      source: 'Administrative Penalty Law art. 59',
      note: "art. 59: (一) the party's name and address; (二) the facts and evidence of the violation; (三) the penalty and its legal basis; (四) how and by when to comply; (五) how and within what period to apply for reconsideration or to sue; (六) the deciding authority and the date, under its seal. The party's name is the case's; the measures, fine and complyBy are the command's own required fields. A list (evidence, legalBasis) needs at least one item",
    },

    // The limitation of a penalty (Administrative Penalty Law art. 36).
    'case.limitation': {
      value: 2,
      unit: 'years',
      source: 'Administrative Penalty Law art. 36',
      note:
        'a violation not discovered within 2 years is no longer penalised (违法行为在二年内未被发现的，不再给予行政处罚); ' +
        'the period runs from the day it was done or, when it continues (连续或者继续状态), from the day it ended ' +
        '(CaseFiled.violationEndedAt; absent: still going on, no limitation runs), to its discovery ' +
        "(CaseOpened.discoveredAt, the clue's observedAt), counted in China calendar dates: discovered on the same " +
        'date two years on is within, a day later is not (民法典 art. 201), and the filing is refused. The 5-year ' +
        'period of art. 36 covers only violations that involve the safety of citizens’ lives and health or financial ' +
        'security and have harmful consequences (涉及公民生命健康安全、金融安全且有危害后果的); occupying farmland ' +
        'is neither, so 2 years applies. Occupation with buildings standing on the land is a continuing state: the ' +
        'period starts only when the occupation ends (the land restored or returned), not when building stopped',
    },

    // The order of the facts a case records.
    'case.filing-after-discovery': {
      value: 0,
      unit: 'seconds',
      source: 'Administrative Penalty Law art. 54 (发现…符合立案标准的，行政机关应当及时立案)',
      note: "a case is filed on a violation already discovered: filedAt may not precede the time the clue was observed (CaseOpened.discoveredAt, the clue's observedAt) by more than this many seconds",
    },

    // Satellite problem lists travel down the hierarchy, a hop at a time (each with its deadline).
    'clue.dispatch.down': {
      value: ['below'],
      unit: 'relations',
      source: 'seed 000 §(四)',
      note: '省级…下发至市级, 市级…下发至县级: a clue is dispatched only to a division strictly below the one holding it (relationOf: the holder is above the addressee); never up, sideways to a neighbour, or back to itself',
    },

    // Deadlines. Administrative Penalty Law art. 85 counts its 2/3/5/7-day periods in working
    // days; Administrative Compulsion Law art. 69 does the same for periods of ten days or less.
    'deadline.clue.dispatch': {
      value: 5,
      unit: 'calendar_days',
      source: 'seed 000 §(四)',
      note: '省级…5日内下发至市级, 市级…5日内下发至县级: province → city within 5 days; city → county within 5 days of receipt. Each hop its own deadline, run by the clue machine while a province or a city holds the clue: from the report there, or from the dispatch that brought it (ClueDispatched.dispatchedAt); a county or below verifies and runs none',
    },
    'deadline.clue.verify': {
      value: 30,
      unit: 'calendar_days',
      source: 'seed 000 §(四)',
      note: '月清: verified and reported back within the month',
    },
    'deadline.case.file': {
      value: 10,
      unit: 'working_days',
      source: 'MNR rule on filing after discovery',
      note: 'check MNR Order No. 12 (2024) before changing',
    },
    'deadline.case.hearing-request': {
      value: 5,
      unit: 'working_days',
      source: 'MNR Measures arts. 33-34; Administrative Penalty Law arts. 64, 85',
    },
    'deadline.case.decide': {
      value: 90,
      unit: 'calendar_days',
      source: 'Administrative Penalty Law art. 60',
    },
    'disclosure.penalty-decision': {
      value: 7,
      unit: 'working_days',
      source: 'Administrative Penalty Law art. 48; seed 003 §四',
      note:
        '具有一定社会影响的行政处罚决定应当依法公开 (art. 48 para. 1) and seed 003 §四 建立健全…执法公示制度; the 7 working days ' +
        'from the decision is the period of the State Council guidance on 行政执法公示 (国办发〔2018〕118号: 作出之日起7个工作日内公开), ' +
        'which art. 48 leaves to be set: landcase reading, counted from decidedAt (the recorded time when the decision names none)',
    },
    'deadline.case.decide-extended': {
      value: 0,
      unit: 'calendar_days',
      source: 'Administrative Penalty Law art. 60 (法律、法规、规章另有规定的，从其规定)',
      note:
        'the date is set by the approved extension (DecisionPeriodExtended.extendedUntil); no cap on its length is ' +
        'modelled: check the MNR Measures (Order No. 12, 2024) for one before adding it',
    },
    'deadline.case.comply': {
      value: 0,
      unit: 'calendar_days',
      source: 'Administrative Penalty Law art. 59',
      note: 'the date is set by the penalty decision (PenaltyDecided.complyBy)',
    },
    'deadline.court.reminder-wait': {
      value: 10,
      unit: 'working_days',
      source: 'Administrative Compulsion Law arts. 54, 69',
      note: 'the earliest an application may follow the reminder (催告书送达十日后): from the 10th working day after the day it was served (the day of service not counted), checked when the application is recorded',
    },
    // When the bureau may apply to the court for compulsory enforcement (非诉执行). Not before the
    // party's periods to ask for reconsideration and to sue have run out, nor while either is
    // pending (Administrative Compulsion Law art. 53: 在法定期限内不申请行政复议或者提起行政诉讼，又不
    // 履行的); within 3 months after them (art. 53); and 10 days after the reminder (art. 54).
    'court.appeal-period.reconsideration': {
      value: 60,
      unit: 'calendar_days',
      source: 'Administrative Reconsideration Law (rev. 2023) art. 20',
      note: 'the party may ask for reconsideration within 60 days of knowing of the decision, counted from its service (PenaltyDecided.servedAt)',
    },
    'court.appeal-period.lawsuit': {
      value: 6,
      unit: 'calendar_months',
      source: 'Administrative Litigation Law art. 46',
      note: 'the party may sue within 6 months of knowing of the decision, counted from its service',
    },
    'court.appeal-period.lawsuit-demolition': {
      value: 15,
      unit: 'calendar_days',
      source: 'Land Management Law art. 83 (domain.md, Referral, court row)',
      note: 'a decision that orders demolition within a deadline (限期拆除) may be sued within 15 days of its receipt; it replaces the 6 months of court.appeal-period.lawsuit for decisions with the measure demolish. The 60 days of reconsideration still run',
    },
    'court.appeal-period.lawsuit-after-reconsideration': {
      value: 15,
      unit: 'calendar_days',
      source: 'Administrative Litigation Law art. 45',
      note: 'after a reconsideration decision that upheld the penalty the party may still sue within 15 days of receiving it; the periods then end with these 15 days (counted from ReconsiderationDecided.decidedAt)',
    },
    'court.remedy-pending': {
      value: ['reconsideration', 'lawsuit'],
      unit: 'relations',
      source: 'Administrative Compulsion Law art. 53',
      note: 'while a reconsideration or a lawsuit the party brought is undecided, no application; one decided against the penalty (upheld: false) leaves nothing to enforce. A lawsuit decided for it ends the periods at its judgment',
    },
    'court.application-window': {
      value: 3,
      unit: 'calendar_months',
      source: 'Administrative Compulsion Law art. 53',
      note: 'the application is filed within 3 months of the day the periods to ask for reconsideration and to sue ended (自期限届满之日起三个月内)',
    },
    'deadline.court.ruling': {
      value: 12,
      unit: 'working_days',
      source: 'Administrative Compulsion Law arts. 56-57, 69',
      note: 'accept within 5 working days, rule within 7 working days of acceptance',
    },
    'deadline.court.appeal-ruling': {
      value: 30,
      unit: 'calendar_days',
      source: 'Administrative Compulsion Law art. 58',
      note: 'the court at the next level rules on the reconsideration within 30 days of receiving it',
    },
    'deadline.referral.approve': { value: 3, unit: 'calendar_days', source: `${ORDER_310} art. 5` },
    'deadline.referral.send': { value: 24, unit: 'hours', source: `${ORDER_310} art. 5` },
    'deadline.referral.decide': { value: 3, unit: 'calendar_days', source: `${ORDER_310} art. 8` },
    'deadline.referral.reconsideration-request': {
      value: 3,
      unit: 'calendar_days',
      source: `${ORDER_310} art. 9`,
    },
    'deadline.referral.reconsideration-answer': {
      value: 3,
      unit: 'calendar_days',
      source: `${ORDER_310} art. 9`,
    },
    // The reply to a procuratorial recommendation (检察建议), counted from its service on the
    // addressee (domain.md, Referral table row `proc`).
    'deadline.recommendation.reply': {
      value: 2,
      unit: 'calendar_months',
      source: `${RECOMMENDATION_RULES} art. 18; 法释〔2018〕6号 art. 21`,
      note: 'reply in writing within 2 months of receiving the recommendation (收到检察建议书之日起两个月内)',
    },
    'deadline.recommendation.reply-urgent': {
      value: 15,
      unit: 'calendar_days',
      source: `${RECOMMENDATION_RULES} art. 18; 法释〔2018〕6号 art. 21`,
      note: 'where the harm keeps growing (损害继续扩大等紧急情形) the reply is due within 15 days',
    },
    'deadline.remediation.due': {
      value: 0,
      unit: 'calendar_days',
      source: 'Land Management Law art. 77',
      note: 'the date is set by the penalty decision (RemediationOpened.dueBy)',
    },
    'remediation.pbf-redesignation-period': {
      value: 90,
      unit: 'calendar_days',
      source: 'seed 003 §三',
      note: 'seed 003 §三 orders PBF re-designated (补划) within a deadline but names none; 90 days is landcase judgement, counted from the quota deduction',
    },
    // Historical cases (遗留): classed by when the occupation began against the policy time nodes
    // (根据时间节点明确政策界限), then handled in batches by a due date (分期分批整治).
    'historical.time-nodes': {
      value: ['1987-01-01', '1999-01-01'],
      unit: 'dates',
      source:
        'seed 004 §(六)2; seed 001 §(十一); 土地管理法 (1986) in force 1987-01-01; 土地管理法 (rev. 1998) in force 1999-01-01',
      note: 'China dates, ascending; an occupation that began before a node falls under the policy before it. The two national defaults are the days the Land Management Law and its 1998 revision entered into force; a province sets its own nodes (e.g. a later local cut-off) by override',
    },
    'historical.batch.completion': {
      value: ['settled', 'withdrawn'],
      unit: 'relations',
      source: 'seed 004 §(六)2',
      note: "分期分批整治落实到位: the bureau records a batch complete only once every clue in it is closed, its disposition carried out (regularised, confiscated) or, for demolition and restoration, its land accepted (RemediationAccepted); a clue another batch took first (withdrawn) is no longer this batch's",
    },
    'historical.settled-by-acceptance': {
      value: ['demolish_restore'],
      unit: 'relations',
      source: 'seed 004 §(六)2; seed 002 (joint acceptance by the bureau and agriculture)',
      note: 'a clue of a batch to be demolished and restored is settled only by the joint acceptance of its restored land (RemediationAccepted from the remediation service), never by an outcome recorded by hand',
    },
    'deadline.historical.batch': {
      value: 0,
      unit: 'calendar_days',
      source: 'seed 004 §(六)2',
      note: 'the date is set by the batch (HistoricalBatchOpened.dueBy): 分期分批整治落实到位',
    },
    'deadline.remediation.year-end': {
      value: 1,
      unit: 'year_end',
      source: 'seed 003 §三',
      note: '年度内未能消除违法状态的 … 扣除该地区储备补充耕地指标: the year is the one the remediation opened in (the year the violation is assessed in); at its end, 31 December 24:00 China time, land not yet accepted has the quota deducted. A deduction, automatic or decided by hand, names that year and no other',
    },
    'deadline.remediation.pbf-redesignation': {
      value: 0,
      unit: 'calendar_days',
      source: 'seed 003 §三',
      note: 'the date is set when the quota is deducted (PbfRedesignationRequired.dueBy)',
    },

    // The escalation ladder after a missed deadline (domain.md, Supervision and assessment). The
    // seeds name the rungs; they set no interval between them, so these figures are landcase's
    // judgement and a province sets its own. Each is counted from the instant the previous rung fell
    // due (the reminder from the missed deadline's due instant), in working days (China time).
    'escalation.reminder': {
      value: 0,
      unit: 'working_days',
      source: 'seed 000 §(四)',
      note: 'reminder (催办) to the division in charge at the instant the deadline is missed; seed 000 §(四) has every level supervise the progress of the problem lists',
    },
    'escalation.supervision': {
      value: 5,
      unit: 'working_days',
      source: 'seed 000 §(四); seed 004 §二(六)3',
      note: 'reported to the superior level for supervision (督办): seed 000 §(四) reports what was not verified and handled in time to the same-level government and the superior bureau; seed 004 §二(六)3 转办督办. Interval: landcase default',
    },
    'escalation.listed-supervision': {
      value: 10,
      unit: 'working_days',
      source: 'seed 000 §(五); seed 003 §四',
      note: 'listed, public supervision (挂牌督办) of the case: seed 000 §(五) 公开通报和挂牌督办, seed 003 §四 挂牌督办. Interval: landcase default',
    },
    'escalation.summons': {
      value: 20,
      unit: 'working_days',
      source: 'seed 000 §(五); seed 003 §二, §八',
      note: 'summons (约谈) of the officials responsible: seed 000 §(五) 约谈相关责任人, seed 003 §二 and §八. Interval: landcase default',
    },
    'escalation.public-notice': {
      value: 20,
      unit: 'working_days',
      source: 'seed 000 §(五); seed 003 §二; seed 004 §二(六)3',
      note: 'public notice (通报) after the summons, the last rung: seed 000 §(五) 对重大典型案件进行公开通报, seed 003 §二 对辖区内耕地保护不力的单位和个人，要予以通报批评, seed 004 §二(六)3 压实责任. The seeds name the notice but not when it follows the summons: 20 working days, as from listed supervision to the summons, is landcase judgement and a province sets its own',
    },
    'escalation.public-notice.issued-by': {
      value: ['nrb'],
      unit: 'agencies',
      source: 'seed 003 §二; seed 000 §(五)',
      note: 'issued by the natural resources bureau of the division the ladder reports to (escalatedToDivisionCode): seed 003 §二 has 地方各级自然资源主管部门 通报批评; seed 000 §(五) its supervision bodies (督察机构) 公开通报',
    },
    'escalation.public-notice.notified': {
      value: ['gov', 'disc'],
      unit: 'agencies',
      source: 'seed 000 §(四); seed 003 §二',
      note: "besides its publication, addressed to the people's government (seed 000 §(四): what is not handled in time is reported to the government at the same level) and the discipline commission (seed 003 §二: where accountability rules are met the matter goes to 纪检监察机关 as a clue)",
    },
  }),
};

/** A province's changes: each changed entry names its own source. */
export interface RuleOverride {
  version: string;
  rules: Record<string, { value: RuleEntry['value']; source: string; unit?: RuleUnit; note?: string }>;
}

/**
 * The base rule set with a province's entries replaced. The version names both
 * (`2026.1+<override>`), so a case records exactly which figures decided it. An override of an
 * unknown rule id is refused: a typo must not silently leave the national figure in force.
 */
export function withOverrides(base: RuleSet, override: RuleOverride): RuleSet {
  const rules: Record<string, RuleEntry> = { ...base.rules };
  for (const [id, change] of Object.entries(override.rules)) {
    const entry = base.rules[id];
    if (!entry) throw new Error(`rule override '${override.version}': unknown rule '${id}'`);
    const { note: _note, ...kept } = entry;
    rules[id] = { ...kept, ...change, id };
  }
  return { version: `${base.version}+${override.version}`, rules };
}

/** The entry, or a clear error: the machines and services only name rules that exist. */
export function ruleOf(ruleSet: RuleSet, id: string): RuleEntry {
  const entry = ruleSet.rules[id];
  if (!entry) throw new Error(`rule set ${ruleSet.version}: no rule '${id}'`);
  return entry;
}

function numberRule(ruleSet: RuleSet, id: string): RuleEntry & { value: number } {
  const entry = ruleOf(ruleSet, id);
  if (typeof entry.value !== 'number') throw new Error(`rule '${id}' holds no number`);
  return entry as RuleEntry & { value: number };
}

export interface RuleReferral {
  to: 'psb' | 'disc';
  ruleId: string;
  source: string;
  reason: string;
  /** Present when earlier occupations of the same party were added to reach (or to exceed) the threshold. */
  accumulated?: Accumulation;
}

/** An occupation the same party was found to have made before, as the accumulation rule reads it. */
export interface PriorOccupation {
  caseId: string;
  landClass: LandClass;
  areaMu: number;
  /** When it was established (the services know the filing time); an ISO timestamp or a Date. */
  at: string | Date;
  /**
   * The bureau's confirmations that this occupation's party is the one of the case decided, where
   * their names alone matched; none where the same identifier shows it.
   */
  confirmations?: readonly SamePartyConfirmation[];
}

export interface Occupation {
  landClass: LandClass;
  areaMu: number;
  /** When this occupation was established; required with `priorOccupations`, the window is measured from it. */
  at?: string | Date;
  /**
   * The party's other occupations known before this one, not yet handled (未经处理): the caller
   * leaves out those that must not add up. Those of another land class or outside the window are
   * ignored here.
   */
  priorOccupations?: readonly PriorOccupation[];
}

export interface Accumulation {
  /** This occupation's area plus the earlier ones added to it. */
  areaMu: number;
  /** The earlier cases added, oldest first. */
  priorCaseIds: string[];
  ruleId: string;
  source: string;
  /** The confirmations the adding-up rests on, oldest first; [] where identifiers alone show it. */
  confirmations: SamePartyConfirmation[];
}

const REFERRAL_RECEIVERS = ['psb', 'disc'] as const;
const ACCUMULATION_WINDOW = 'referral.accumulation.window';
const ACCUMULATION_RECEIVERS = 'referral.accumulation.receivers';

/**
 * The referrals a case's verified occupation calls for, in a fixed order (psb, then disc).
 * A land class without a rule for a receiver is never referred to it by rule.
 *
 * With `priorOccupations`, the earlier occupations of the same land class within the accumulation
 * window are added to this one for the receivers the accumulation rule names. Pure: the caller
 * supplies the party's occupations and this one's time.
 */
export function referralTargetsFor(occupation: Occupation, ruleSet: RuleSet = RULE_SET): RuleReferral[] {
  const accumulation = accumulationOf(occupation, ruleSet);
  const targets: RuleReferral[] = [];
  for (const to of REFERRAL_RECEIVERS) {
    const ruleId = `referral.${to}.${occupation.landClass}`;
    if (!ruleSet.rules[ruleId]) continue;
    const rule = numberRule(ruleSet, ruleId);
    const added = accumulation?.receivers.includes(to) ? accumulation.added : [];
    const areaMu =
      added.length === 0
        ? occupation.areaMu
        : sumMu([occupation.areaMu, ...added.map((prior) => prior.areaMu)]);
    if (areaMu < rule.value) continue;
    const reason = `${occupation.landClass} occupied: ${areaMu} mu ≥ ${rule.value} mu (${rule.source})`;
    if (!accumulation || added.length === 0) {
      targets.push({ to, ruleId, source: rule.source, reason });
      continue;
    }
    const priorCaseIds = added.map((prior) => prior.caseId);
    const confirmations = confirmationsOf(added);
    const years = accumulation.window.value;
    targets.push({
      to,
      ruleId,
      source: rule.source,
      reason:
        `${reason}, of which ${occupation.areaMu} mu in this case and ` +
        `${sumMu(added.map((prior) => prior.areaMu))} mu in ${casesNamed(priorCaseIds)} ` +
        `within ${years} ${years === 1 ? 'year' : 'years'} (${accumulation.window.source})` +
        confirmationsNamed(confirmations),
      accumulated: {
        areaMu,
        priorCaseIds,
        ruleId: ACCUMULATION_WINDOW,
        source: accumulation.window.source,
        confirmations,
      },
    });
  }
  return targets;
}

/**
 * The reason is prose with a length limit on the wire; a repeat offender can have dozens of earlier
 * cases, so it names the first few and counts the rest. The full list travels in `accumulated`.
 */
const NAMED_PRIOR_CASES = 5;
function casesNamed(caseIds: string[]): string {
  if (caseIds.length <= NAMED_PRIOR_CASES) return caseIds.join(', ');
  return `${caseIds.slice(0, NAMED_PRIOR_CASES).join(', ')} and ${caseIds.length - NAMED_PRIOR_CASES} more cases`;
}

/** Each confirmation the added occupations rest on, once, oldest first. */
function confirmationsOf(added: readonly PriorOccupation[]): SamePartyConfirmation[] {
  const byId = new Map<string, SamePartyConfirmation>();
  for (const prior of added) {
    for (const confirmation of prior.confirmations ?? []) byId.set(confirmation.matchId, confirmation);
  }
  return [...byId.values()].sort(
    (a, b) =>
      Date.parse(a.confirmedAt) - Date.parse(b.confirmedAt) ||
      (a.matchId < b.matchId ? -1 : a.matchId > b.matchId ? 1 : 0),
  );
}

/** Who held name-matched parties to be one, and when: a court must see what the sum rests on. */
function confirmationsNamed(confirmations: readonly SamePartyConfirmation[]): string {
  if (confirmations.length === 0) return '';
  const named = confirmations
    .slice(0, NAMED_PRIOR_CASES)
    .map((c) => `${c.caseIds.join(' and ')} by ${c.confirmedBy} on ${chinaDateOf(new Date(c.confirmedAt))}`);
  const more = confirmations.length - named.length;
  return (
    `; the parties, named alike without identifiers, held the same on confirmation: ${named.join('; ')}` +
    (more > 0 ? ` and ${more} more confirmations` : '')
  );
}

interface PriorAdded extends PriorOccupation {
  day: ChinaDay;
}

/** The earlier occupations that add up with this one, oldest first; null without any. */
function accumulationOf(
  occupation: Occupation,
  ruleSet: RuleSet,
): { window: RuleEntry & { value: number }; receivers: readonly string[]; added: PriorAdded[] } | null {
  const priors = occupation.priorOccupations ?? [];
  if (priors.length === 0) return null;
  if (occupation.at === undefined) {
    throw new RangeError('an occupation with prior occupations needs its own time (at)');
  }
  const window = numberRule(ruleSet, ACCUMULATION_WINDOW);
  if (!Number.isSafeInteger(window.value) || window.value < 0) {
    throw new RangeError(`rule '${ACCUMULATION_WINDOW}' must be a whole number of years`);
  }
  const receiversRule = ruleOf(ruleSet, ACCUMULATION_RECEIVERS);
  const receivers = Array.isArray(receiversRule.value) ? (receiversRule.value as readonly string[]) : [];
  const day = dayOf(occupation.at, 'occupation time');
  const seen = new Set<string>();
  const added: PriorAdded[] = [];
  for (const prior of priors) {
    // One case counted once, however often the caller lists it.
    if (prior.landClass !== occupation.landClass || seen.has(prior.caseId)) continue;
    seen.add(prior.caseId);
    const priorDay = dayOf(prior.at, `time of case ${prior.caseId}`);
    if (withinYears(priorDay, day, window.value)) added.push({ ...prior, day: priorDay });
  }
  added.sort((a, b) => a.day - b.day || (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
  return { window, receivers, added };
}

/**
 * Whether two occupations, filed at `a` and `b`, lie within the accumulation window of each other:
 * the window in which they would add up, which is also the one in which a name match is raised.
 */
export function withinAccumulationWindow(
  a: string | Date,
  b: string | Date,
  ruleSet: RuleSet = RULE_SET,
): boolean {
  const window = numberRule(ruleSet, ACCUMULATION_WINDOW);
  return withinYears(dayOf(a, 'first time'), dayOf(b, 'second time'), window.value);
}

export const NAME_MATCH_RULE = 'party.match.county';

/**
 * The part of a division code two cases must share for parties named alike to be suspected the
 * same (`141181` for 6 digits: the county), or null when the code is shorter than the scope.
 */
export function nameMatchScopeOf(divisionCode: string, ruleSet: RuleSet = RULE_SET): string | null {
  const digits = numberRule(ruleSet, NAME_MATCH_RULE).value;
  return divisionCode.length >= digits ? divisionCode.slice(0, digits) : null;
}

function dayOf(at: string | Date, what: string): ChinaDay {
  const instant = at instanceof Date ? at : new Date(at);
  if (Number.isNaN(instant.getTime())) throw new RangeError(`${what} is not a valid time: ${String(at)}`);
  return chinaDayOf(instant);
}

/**
 * Whether two China dates lie within `years` of each other, either way round: a case filed late can
 * concern the earlier act. A period of years ends on the corresponding date, or on the last day of
 * that month when it has none (29 February → 28 February), as 民法典 art. 201 counts periods.
 */
function withinYears(a: ChinaDay, b: ChinaDay, years: number): boolean {
  const [earlier, later] = a <= b ? [a, b] : [b, a];
  return later <= sameDateYearsOn(earlier, years);
}

const DAY_MS = 86_400_000;

function sameDateYearsOn(day: ChinaDay, years: number): ChinaDay {
  const date = new Date(day * DAY_MS);
  const year = date.getUTCFullYear() + years;
  const month = date.getUTCMonth();
  const lastOfMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(date.getUTCDate(), lastOfMonth)) / DAY_MS;
}

/**
 * Sums areas without binary noise (9.998 + 0.001 + 0.001 must reach a threshold of 10), rounding at a
 * billionth of a mu: far below any measured difference, far above the noise.
 */
function sumMu(areas: readonly number[]): number {
  return Math.round(areas.reduce((sum, area) => sum + area, 0) * 1e9) / 1e9;
}

export interface RuleViolationDetail {
  ruleId: string;
  source: string;
  detail: string;
}

/**
 * Null when the measures may stand; otherwise the rule they break. A decision for a protected land
 * class must demolish, confiscate or restore: a fine alone is refused.
 */
export function checkPenaltyMeasures(
  decision: { landClass: LandClass; measures: readonly PenaltyMeasure[] },
  ruleSet: RuleSet = RULE_SET,
): RuleViolationDetail | null {
  const ruleId = 'penalty.no-fine-only';
  const rule = ruleOf(ruleSet, ruleId);
  const protectedClasses = Array.isArray(rule.value) ? (rule.value as readonly string[]) : [];
  if (!protectedClasses.includes(decision.landClass)) return null;
  if (decision.measures.some((m) => m !== 'fine')) return null;
  return {
    ruleId,
    source: rule.source,
    detail: `a fine alone may not replace demolition, confiscation or restoration on ${decision.landClass} land`,
  };
}

/**
 * Null when the case is filed at or after the discovery of the violation it concerns; otherwise the
 * rule it breaks: a filing cannot precede what it files (Administrative Penalty Law art. 54).
 */
export function checkFilingAfterDiscovery(
  filing: { filedAt: string; discoveredAt: string },
  ruleSet: RuleSet = RULE_SET,
): RuleViolationDetail | null {
  const ruleId = 'case.filing-after-discovery';
  const rule = numberRule(ruleSet, ruleId);
  const earliest = Date.parse(filing.discoveredAt) - rule.value * 1000;
  if (Date.parse(filing.filedAt) >= earliest) return null;
  return {
    ruleId,
    source: rule.source,
    detail: `filedAt ${filing.filedAt} is before the violation was discovered (${filing.discoveredAt})`,
  };
}

/**
 * Null when a clue held at `from` may be dispatched to `to`: a division strictly below it (seed 000
 * §(四)); otherwise the rule it breaks.
 */
export function checkDispatchDown(
  dispatch: { from: string; to: string },
  ruleSet: RuleSet = RULE_SET,
): RuleViolationDetail | null {
  const ruleId = 'clue.dispatch.down';
  const rule = ruleOf(ruleSet, ruleId);
  const allowed = Array.isArray(rule.value) ? (rule.value as readonly string[]) : [];
  // relationOf(actor, target) is 'above' when the actor's division lies above the target's.
  const relation = relationOf(dispatch.from, dispatch.to);
  if (relation === 'above' && allowed.includes('below')) return null;
  const where = relation === 'below' ? 'above it' : relation === 'own' ? 'the same division' : 'beside it';
  return {
    ruleId,
    source: rule.source,
    detail: `a clue held by ${dispatch.from} is dispatched only to a division below it; ${dispatch.to} is ${where}`,
  };
}

/** The kinds of document a referral to `to` must carry before dispatch, with the rule that says so. */
export function requiredReferralDocuments(
  to: string,
  ruleSet: RuleSet = RULE_SET,
): { ruleId: string; source: string; kinds: readonly string[] } {
  const ruleId = `referral.documents.${to}`;
  const rule = ruleOf(ruleSet, ruleId);
  return {
    ruleId,
    source: rule.source,
    kinds: Array.isArray(rule.value) ? (rule.value as readonly string[]) : [],
  };
}

/**
 * Null when the documents attached to a referral to `to` hold every kind its rule requires;
 * otherwise the rule, with the kinds still missing in the rule's order.
 */
export function checkReferralDocuments(
  referral: { to: string; attachedKinds: readonly string[] },
  ruleSet: RuleSet = RULE_SET,
): (RuleViolationDetail & { missingKinds: string[] }) | null {
  const { ruleId, source, kinds } = requiredReferralDocuments(referral.to, ruleSet);
  const missingKinds = kinds.filter((kind) => !referral.attachedKinds.includes(kind));
  if (missingKinds.length === 0) return null;
  return {
    ruleId,
    source,
    missingKinds,
    detail: `a referral to ${referral.to} is dispatched only with its documents attached; missing: ${missingKinds.join(', ')}`,
  };
}

export interface DecisionFacts {
  landClass: LandClass;
  areaMu: number;
  measures: readonly PenaltyMeasure[];
  fineYuan?: number;
}

/** Why a decision needs each review (the rules that call for it), empty when it does not. */
export interface ReviewsRequired {
  collective: string[];
  legal: string[];
}

/**
 * The reviews a decision needs before it is taken: a major case (PBF or farmland at the criminal
 * thresholds, or a fine at `penalty.major.fine`) a collective review and a legal review; a
 * demolition or confiscation a legal review.
 */
export function reviewsRequiredFor(decision: DecisionFacts, ruleSet: RuleSet = RULE_SET): ReviewsRequired {
  const major: string[] = [];
  const area =
    decision.landClass === 'pbf'
      ? 'penalty.major.pbf-area'
      : decision.landClass === 'farmland'
        ? 'penalty.major.farmland-area'
        : null;
  if (area && decision.areaMu >= numberRule(ruleSet, area).value) major.push(area);
  if (decision.fineYuan !== undefined && decision.fineYuan >= numberRule(ruleSet, 'penalty.major.fine').value)
    major.push('penalty.major.fine');
  const measuresRule = ruleOf(ruleSet, 'penalty.legal-review.measures');
  const reviewed = Array.isArray(measuresRule.value) ? (measuresRule.value as readonly string[]) : [];
  const byMeasure = decision.measures.some((m) => reviewed.includes(m)) ? [measuresRule.id] : [];
  return { collective: major, legal: [...major, ...byMeasure] };
}

/**
 * Null when the reviews the decision needs were held; otherwise the first rule that calls for a
 * missing one, with what is missing (`collective-review`, `legal-review`).
 */
export function checkDecisionReviews(
  decision: DecisionFacts & { collectiveReviewed: boolean; legalReviewed: boolean },
  ruleSet: RuleSet = RULE_SET,
): (RuleViolationDetail & { missing: ('collective-review' | 'legal-review')[] }) | null {
  const required = reviewsRequiredFor(decision, ruleSet);
  const missing: ('collective-review' | 'legal-review')[] = [];
  if (required.collective.length > 0 && !decision.collectiveReviewed) missing.push('collective-review');
  if (required.legal.length > 0 && !decision.legalReviewed) missing.push('legal-review');
  if (missing.length === 0) return null;
  const ruleId = (missing[0] === 'collective-review' ? required.collective : required.legal)[0]!;
  return {
    ruleId,
    source: ruleOf(ruleSet, ruleId).source,
    missing,
    detail: `the decision needs first: ${missing.join(', ')} (${[...new Set([...required.collective, ...required.legal])].join(', ')})`,
  };
}

/**
 * Null when the decision states everything art. 59 asks of it; otherwise the rule, with the field
 * paths (JSON Pointer, as the request spells them) of the contents missing, in the rule's order.
 */
export function checkDecisionContents(
  decision: Record<string, unknown>,
  ruleSet: RuleSet = RULE_SET,
): (RuleViolationDetail & { missing: string[] }) | null {
  const ruleId = 'penalty.decision.contents';
  const rule = ruleOf(ruleSet, ruleId);
  const fields = Array.isArray(rule.value) ? (rule.value as readonly string[]) : [];
  const missing = fields.filter((field) => !stated(valueAt(decision, field.split('/')))).map((f) => `/${f}`);
  if (missing.length === 0) return null;
  return {
    ruleId,
    source: rule.source,
    missing,
    detail: `a penalty decision states what art. 59 requires; missing: ${missing.join(', ')}`,
  };
}

function valueAt(value: unknown, path: readonly string[]): unknown {
  let at = value;
  for (const key of path) {
    if (typeof at !== 'object' || at === null || Array.isArray(at)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

/** A content is stated when present and not blank; a list when it has an item. */
const stated = (value: unknown): boolean =>
  Array.isArray(value)
    ? value.length > 0
    : typeof value === 'string'
      ? value.trim().length > 0
      : value !== undefined && value !== null;

/**
 * Null when the violation may still be penalised: still going on (no end given), discovered before
 * it ended, or discovered within the limitation (counted in China dates from the end); otherwise the
 * rule, `case.limitation` (Administrative Penalty Law art. 36).
 */
export function checkLimitation(
  violation: { discoveredAt: string; violationEndedAt?: string | undefined },
  ruleSet: RuleSet = RULE_SET,
): RuleViolationDetail | null {
  if (violation.violationEndedAt === undefined) return null;
  const ruleId = 'case.limitation';
  const rule = numberRule(ruleSet, ruleId);
  const ended = dayOf(violation.violationEndedAt, 'violationEndedAt');
  const discovered = dayOf(violation.discoveredAt, 'discoveredAt');
  if (discovered <= ended || withinYears(ended, discovered, rule.value)) return null;
  return {
    ruleId,
    source: rule.source,
    detail:
      `the violation ended on ${chinaDateOf(new Date(violation.violationEndedAt))} and was discovered on ` +
      `${chinaDateOf(new Date(violation.discoveredAt))}, more than ${rule.value} years later: it is no longer penalised`,
  };
}
