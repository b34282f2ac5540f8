import type { Lang } from './i18n.ts';

// The names of the lifecycles' states and deadline rules in both languages. The API speaks in its
// own codes (`stopOrdered`, `deadline.case.file`); the page shows these names and keeps the code
// beside them (a title, a data attribute). vocabulary.unit.test.ts holds them to every state of
// every machine and every deadline of packages/lifecycle, so a new one without a name fails there.

export interface Name {
  zh: string;
  en: string;
}

const n = (zh: string, en: string): Name => ({ zh, en });

/** The machines by the names `LIFECYCLE_MACHINES` gives them. */
export type MachineName =
  | 'clue'
  | 'historicalBatch'
  | 'enforcementCase'
  | 'divisionAssessment'
  | 'referral'
  | 'recommendation'
  | 'partyMatch'
  | 'remediation';

const NONE = n('尚无', 'none yet');

/** Each machine's states, as `stateString()` writes them (a nested state dotted). */
export const STATE_NAMES: Record<MachineName, Record<string, Name>> = {
  clue: {
    none: NONE,
    reported: n('已上报', 'reported'),
    dispatched: n('已派发核查', 'sent for verification'),
    verified: n('已核查', 'verified'),
    'verified.illegal': n('核查为违法', 'verified illegal'),
    'verified.legal': n('核查为合法', 'verified legal'),
    'verified.no_change': n('核查无变化', 'verified: no change'),
    'verified.historical': n('核查为历史遗留', 'verified: historical'),
    'verified.batched': n('已纳入历史批次', 'batched as historical'),
    'verified.settled': n('已处置', 'settled'),
  },
  historicalBatch: {
    none: NONE,
    open: n('待处置', 'open'),
    underway: n('处置中', 'underway'),
    completed: n('已完成', 'completed'),
  },
  enforcementCase: {
    none: NONE,
    opened: n('已受理', 'opened'),
    stopOrdered: n('已责令停止', 'stop order served'),
    stopped: n('已停止违法行为', 'stopped'),
    obstructed: n('拒不停止', 'obstructed'),
    investigation: n('调查中', 'under investigation'),
    'investigation.filed': n('已立案', 'filed'),
    'investigation.noticed': n('已告知', 'notice served'),
    'investigation.heard': n('已听证', 'heard'),
    decided: n('已作出处罚决定', 'penalty decided'),
    nonCompliant: n('逾期未履行', 'not complied'),
    courtApplied: n('已申请法院强制执行', 'court enforcement applied for'),
    courtRefused: n('法院裁定不准予执行', 'court refused enforcement'),
    courtAppeal: n('复议中', 'appeal against the ruling'),
    executed: n('已执行', 'executed'),
    restored: n('已恢复原状', 'restored'),
    closed: n('已结案', 'closed'),
  },
  divisionAssessment: {
    none: NONE,
    assessed: n('已评估', 'assessed'),
  },
  referral: {
    none: NONE,
    drafted: n('拟稿', 'drafted'),
    rejected: n('审批未通过', 'not approved'),
    approved: n('已审批', 'approved'),
    dispatched: n('已送达', 'dispatched'),
    received: n('已签收', 'received'),
    awaitingSupplement: n('待补充材料', 'awaiting supplement'),
    refused: n('不予立案', 'not filed'),
    reconsideration: n('复议中', 'reconsideration'),
    refusalUpheld: n('维持不予立案', 'refusal upheld'),
    accepted: n('已立案', 'filed'),
    concluded: n('已办结', 'concluded'),
    returned: n('已退回', 'returned'),
  },
  recommendation: {
    none: NONE,
    awaitingReply: n('待回复', 'awaiting reply'),
    awaitingUrgentReply: n('待紧急回复', 'awaiting urgent reply'),
    replied: n('已回复', 'replied'),
  },
  partyMatch: {
    none: NONE,
    suspected: n('疑似同一当事人', 'suspected match'),
    confirmed: n('已确认', 'confirmed'),
    rejected: n('已排除', 'ruled out'),
  },
  remediation: {
    none: NONE,
    opened: n('整改中', 'opened'),
    demolished: n('已拆除', 'demolished'),
    recultivated: n('已复耕', 'recultivated'),
    rework: n('返工', 'rework'),
    pbfRedesignation: n('永久基本农田补划', 'PBF redesignation'),
    accepted: n('已验收', 'accepted'),
  },
};

/** The deadline rules, by their id in the rule set. */
export const RULE_NAMES: Record<string, Name> = {
  'deadline.clue.dispatch': n('线索下发期限', 'clue dispatch'),
  'deadline.clue.verify': n('线索核查期限', 'clue verification'),
  'deadline.historical.batch': n('历史遗留批次处置期限', 'historical batch'),
  'deadline.case.file': n('立案期限', 'filing'),
  'deadline.case.decide': n('处罚决定期限', 'penalty decision'),
  'deadline.case.decide-extended': n('延长后的处罚决定期限', 'extended penalty decision'),
  'deadline.case.hearing-request': n('听证申请期限', 'hearing request'),
  'deadline.case.comply': n('履行期限', 'compliance'),
  'deadline.court.ruling': n('法院裁定期限', 'court ruling'),
  'deadline.court.appeal-ruling': n('复议裁定期限', 'ruling on appeal'),
  'deadline.referral.approve': n('移送审批期限', 'referral approval'),
  'deadline.referral.send': n('移送送达期限', 'referral dispatch'),
  'deadline.referral.decide': n('立案决定期限', 'filing decision'),
  'deadline.referral.reconsideration-request': n('复议申请期限', 'reconsideration request'),
  'deadline.referral.reconsideration-answer': n('复议答复期限', 'reconsideration answer'),
  'deadline.recommendation.reply': n('检察建议回复期限', 'recommendation reply'),
  'deadline.recommendation.reply-urgent': n('检察建议紧急回复期限', 'urgent recommendation reply'),
  'deadline.remediation.due': n('整改期限', 'remediation'),
  'deadline.remediation.year-end': n('年底整改期限', 'remediation by year end'),
  'deadline.remediation.pbf-redesignation': n('永久基本农田补划期限', 'PBF redesignation'),
};

/** A state's name; the code itself for one the vocabulary does not know (a newer server). */
export function stateName(machine: MachineName, state: string, lang: Lang): string {
  return STATE_NAMES[machine][state]?.[lang] ?? state;
}

/** A deadline rule's name; the id itself for one the vocabulary does not know. */
export function ruleName(rule: string, lang: Lang): string {
  return RULE_NAMES[rule]?.[lang] ?? rule;
}
