// One case the whole way: clue → verification → enforcement case → stop → filing → penalty
// decision → referral to the police → receipt and acceptance → remediation → joint acceptance
// → closure. Drives any running landcase over HTTP; the e2e tests and the benchmark share it.

import { creditCodeFor } from '@landcase/lifecycle/test-support';

/**
 * Where the e2e tests start their clock (`clockRunningFrom`): the morning the parcel was observed,
 * before every deadline the path's dates could bring due, so a run never depends on its date.
 */
export const HAPPY_PATH_CLOCK_START = '2026-03-02T09:30:00+08:00';

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}
export type Http = (
  method: 'GET' | 'POST',
  url: string,
  options?: { token?: string; body?: unknown; headers?: Record<string, string> },
) => Promise<HttpResponse>;

export interface Tokens {
  nrb: string;
  grid: string;
  psb: string;
  gov: string;
  agri: string;
  audit: string;
}

export type TokenMinter = (claims: {
  sub: string;
  agency: string;
  division: string;
  roles: string[];
}) => Promise<string>;

export async function mintHappyPathTokens(mint: TokenMinter, division = '141181'): Promise<Tokens> {
  const t = (agency: string, roles: string[]) => mint({ sub: `${agency}-user`, agency, division, roles });
  return {
    nrb: await t('nrb', ['officer', 'head']),
    grid: await t('grid', ['officer']),
    psb: await t('psb', ['officer', 'head']),
    gov: await t('gov', ['officer']),
    agri: await t('agri', ['officer']),
    audit: await t('audit', ['auditor']),
  };
}

/** A square of about 6.2 mu near Gaoping, Shanxi (division 141181 is Fenyang; any will do). */
export function squareParcel(originLon = 111.79, originLat = 37.26, sideM = 64.3) {
  const dLat = sideM / 111_320;
  const dLon = sideM / (111_320 * Math.cos((originLat * Math.PI) / 180));
  return {
    type: 'Polygon' as const,
    coordinates: [
      [
        [originLon, originLat],
        [originLon + dLon, originLat],
        [originLon + dLon, originLat + dLat],
        [originLon, originLat + dLat],
        [originLon, originLat],
      ],
    ],
  };
}

/** The README case's clue: a satellite sweep's find on permanent basic farmland in 汾阳市. */
export const happyPathClue = (externalRef: string) => ({
  source: 'satellite',
  externalRef,
  divisionCode: '141181',
  landClass: 'pbf',
  parcel: squareParcel(),
  observedAt: '2026-03-02T09:00:00+08:00',
  evidence: [{ uri: 'https://sweep.example/2026-03/tile-17.tif', sha256: 'a'.repeat(64) }],
});

/** Polls until `check` returns a value; the bound is generous because it only guards a hang. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  { timeoutMs = 30_000, intervalMs = 25 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`gave up waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

function expectStatus(res: HttpResponse, status: number, step: string): any {
  if (res.status !== status) {
    throw new Error(`${step}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body;
}

export interface HappyPathResult {
  caseId: string;
  psbReferralId: string;
  /** The SHA-256 of each document attached to the police referral, in the order attached. */
  documentHashes: string[];
}

/**
 * The documents the police referral carries (State Council Order 310 art. 6: the referral letter,
 * the investigation report, the list of items involved), as small text files.
 */
/** What the decision document states beside its measures (Administrative Penalty Law art. 59). */
export const HAPPY_PATH_DECISION_CONTENTS = {
  partyAddress: 'Yangjiazhuang township 1, Fenyang',
  facts: 'built a brick works on 6.2 mu of permanent basic farmland without approval',
  evidence: ['site survey map', '12 site photographs', 'record of inquiry'],
  legalBasis: ['Land Management Law art. 77'],
  complianceMethod: 'demolish the buildings and restore the land; pay the fine into the designated account',
  appeal: {
    reconsideration: { authority: 'Fenyang people’s government', period: '60 days of receipt' },
    lawsuit: { court: 'Fenyang people’s court', period: '15 days of receipt (Land Management Law art. 83)' },
  },
  decidingOrgan: 'Fenyang natural resources bureau',
  decidedAt: '2026-03-24T10:00:00+08:00',
};

export const HAPPY_PATH_DOCUMENTS = [
  {
    name: '涉嫌犯罪案件移送书.txt',
    kind: 'referral-letter',
    text: '涉嫌犯罪案件移送书 汾自然资移〔2026〕7号',
  },
  {
    name: '调查报告.txt',
    kind: 'investigation-report',
    text: '涉嫌犯罪案件情况的调查报告：永久基本农田 6.2 亩',
  },
  { name: '涉案物品清单.txt', kind: 'evidence-list', text: '涉案物品清单：挖掘机 1 台；现场照片 12 张' },
] as const;

export async function runHappyPath(
  http: Http,
  tokens: Tokens,
  externalRef: string,
): Promise<HappyPathResult> {
  const post = async (url: string, token: string, body: unknown, step: string, status = 200) =>
    expectStatus(await http('POST', url, { token, body }), status, step);
  const get = (url: string, token: string) => http('GET', url, { token });

  const clue = await post('/detection/clues', tokens.grid, happyPathClue(externalRef), 'report clue', 201);
  const caseId: string = clue.caseId;
  const c = (path: string) => `/enforcement/cases/${caseId}/${path}`;

  await post(
    `/detection/clues/${caseId}/verification`,
    tokens.nrb,
    {
      verdict: 'illegal',
      areaMu: 6.2,
      landClass: 'pbf',
      ongoing: true,
      // Its credit code keeps each run's party its own: runs share a name, not a party.
      party: { name: 'Fenyang Brick Works Ltd', kind: 'organization', idNumber: creditCodeFor(externalRef) },
    },
    'verify clue',
  );

  await eventually('enforcement case opened', async () => {
    const res = await get(`/enforcement/cases/${caseId}`, tokens.nrb);
    return res.status === 200 ? res.body : undefined;
  });
  await post(
    c('stop-order'),
    tokens.nrb,
    { servedAt: '2026-03-03T10:00:00+08:00', documentRef: 'FY-STOP-2026-017' },
    'stop order',
  );
  await post(
    c('stop-confirmation'),
    tokens.nrb,
    { stopped: true, observedAt: '2026-03-04T10:00:00+08:00' },
    'stop confirmation',
  );
  await post(
    c('filing'),
    tokens.nrb,
    { filingNo: 'FY-LA-2026-031', filedAt: '2026-03-06T10:00:00+08:00' },
    'filing',
  );

  const referrals = await eventually('referrals drafted to psb and disc', async () => {
    const res = await get(`/referral/referrals?caseId=${caseId}`, tokens.nrb);
    const items: any[] = res.body?.items ?? [];
    return items.some((r) => r.to === 'psb') && items.some((r) => r.to === 'disc') ? items : undefined;
  });
  const psbReferralId: string = referrals.find((r) => r.to === 'psb').id;

  await post(
    c('penalty-notice'),
    tokens.nrb,
    { measures: ['demolish', 'restore', 'fine'], noticeRef: 'FY-NOTICE-2026-031' },
    'penalty notice',
  );
  await post(c('hearing'), tokens.nrb, { requested: false }, 'hearing waived');
  // 6.2 mu of PBF is a major case: the legal review (Penalty Law art. 58) and the leadership's
  // collective review (重大案件会审) come before the decision.
  await post(
    c('legal-review'),
    tokens.nrb,
    {
      reviewer: 'Li Ming (legal section)',
      conclusion: 'approved',
      opinion: 'facts clear, evidence sufficient, basis correct',
      completedAt: '2026-03-20T10:00:00+08:00',
    },
    'legal review',
  );
  await post(
    c('collective-review'),
    tokens.nrb,
    {
      members: ['Zhang Wei (head)', 'Wang Fang (deputy head)', 'Zhao Lei (deputy head)'],
      conclusion: 'approved',
      heldAt: '2026-03-23T10:00:00+08:00',
    },
    'collective review',
  );
  await post(
    c('penalty-decision'),
    tokens.nrb,
    {
      measures: ['demolish', 'restore', 'fine'],
      fineYuan: 124_000,
      complyBy: '2026-06-30T18:00:00+08:00',
      decisionRef: 'FY-DECISION-2026-031',
      ...HAPPY_PATH_DECISION_CONTENTS,
    },
    'penalty decision',
  );

  const r = (path: string) => `/referral/referrals/${psbReferralId}/${path}`;
  await post(
    r('approval'),
    tokens.nrb,
    { approved: true, note: 'PBF 6.2 mu: criminal referral' },
    'approve referral',
  );
  const documentHashes: string[] = [];
  for (const doc of HAPPY_PATH_DOCUMENTS) {
    const attached = await post(
      r('documents'),
      tokens.nrb,
      {
        name: doc.name,
        kind: doc.kind,
        mediaType: 'text/plain; charset=utf-8',
        content: Buffer.from(doc.text, 'utf8').toString('base64'),
      },
      `attach ${doc.kind}`,
      201,
    );
    documentHashes.push(attached.documents.at(-1).sha256);
  }
  await post(r('dispatch'), tokens.nrb, {}, 'dispatch referral');
  await post(r('receipt'), tokens.psb, { documents: documentHashes }, 'police receipt');
  await post(
    r('decision'),
    tokens.psb,
    { accepted: true, reason: 'meets art. 342', filingNo: 'FY-GA-2026-88' },
    'police acceptance',
  );

  await eventually('remediation opened', async () => {
    const res = await get(`/remediation/cases/${caseId}`, tokens.nrb);
    return res.status === 200 ? res.body : undefined;
  });
  await post(
    c('compliance'),
    tokens.nrb,
    { complied: true, observedAt: '2026-05-20T10:00:00+08:00' },
    'compliance',
  );
  const m = (path: string) => `/remediation/cases/${caseId}/${path}`;
  const proof = [{ uri: 'https://field.example/photo-1.jpg', sha256: 'b'.repeat(64) }];
  await post(
    m('progress'),
    tokens.gov,
    { step: 'demolished', observedAt: '2026-05-21T10:00:00+08:00', evidence: proof },
    'demolished',
  );
  await post(
    m('progress'),
    tokens.gov,
    { step: 'recultivated', observedAt: '2026-06-10T10:00:00+08:00', evidence: proof },
    'recultivated',
  );
  await post(m('acceptance'), tokens.nrb, { passed: true, note: 'soil restored' }, 'nrb acceptance');
  await post(m('acceptance'), tokens.agri, { passed: true, note: 'fit for cultivation' }, 'agri acceptance');

  await eventually('enforcement case restored', async () => {
    const res = await get(`/enforcement/cases/${caseId}`, tokens.nrb);
    return res.body?.state === 'restored' ? res.body : undefined;
  });
  await post(
    c('closure'),
    tokens.nrb,
    { summary: 'demolished, re-cultivated, accepted; fine paid' },
    'closure',
  );
  return { caseId, psbReferralId, documentHashes };
}

/** The events each service records for the happy path, in the order it records them. */
export const HAPPY_PATH_EVENTS = {
  detection: ['ClueReported', 'ClueVerified'],
  enforcement: [
    'CaseOpened',
    'StopOrderServed',
    'StopConfirmed',
    'CaseFiled',
    'PenaltyNoticeServed',
    'HearingRecorded',
    'LegalReviewCompleted',
    'CollectiveReviewHeld',
    'PenaltyDecided',
    'ComplianceRecorded',
    'RestorationConfirmed',
    'CaseClosed',
  ],
  referral: [
    'ReferralDrafted',
    'ReferralDrafted',
    'ReferralApprovalDecided',
    'ReferralDocumentAttached',
    'ReferralDocumentAttached',
    'ReferralDocumentAttached',
    'ReferralDispatched',
    'ReferralReceived',
    'ReferralDecided',
  ],
  remediation: [
    'RemediationOpened',
    'ProgressRecorded',
    'ProgressRecorded',
    'AcceptanceRecorded',
    'AcceptanceRecorded',
    'RemediationAccepted',
  ],
} as const;

export const HAPPY_PATH_EVENT_COUNT = Object.values(HAPPY_PATH_EVENTS).reduce(
  (n, list) => n + list.length,
  0,
);

/** What each service and the audit ledger say once the happy path is through. */
export async function readOutcome(http: Http, tokens: Tokens, { caseId, psbReferralId }: HappyPathResult) {
  const body = async (url: string, token = tokens.nrb) => {
    const res = await http('GET', url, { token });
    return expectStatus(res, 200, `GET ${url}`);
  };
  const timeline = await eventually('the full timeline in the audit ledger', async () => {
    const t = await body(`/audit/cases/${caseId}/timeline`, tokens.audit);
    const entries: any[] = Array.isArray(t) ? t : (t.entries ?? t.items ?? t.events ?? []);
    return entries.length >= HAPPY_PATH_EVENT_COUNT ? entries : undefined;
  });
  return {
    clue: await body(`/detection/clues/${caseId}`),
    enforcementCase: await body(`/enforcement/cases/${caseId}`),
    psbReferral: await body(`/referral/referrals/${psbReferralId}`),
    remediation: await body(`/remediation/cases/${caseId}`),
    timeline,
    verification: await body(`/audit/cases/${caseId}/verification`, tokens.audit),
  };
}
