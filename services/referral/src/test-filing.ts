import { type CloudEvent, topicOf } from '@landcase/contracts';
import { creditCodeFor, residentIdFor } from '@landcase/lifecycle/test-support';
import { eventually, type TestSystem } from '@landcase/service-kit/testing';

// Filed cases as enforcement publishes them, for the tests of the same-party rules.

export interface TestParty {
  name: string;
  kind: 'person' | 'organization';
  idNumber?: string;
}

/** 张三 with a resident ID number of his own (the seed tells people apart). */
export const person = (name = '张三', seed?: string): TestParty => ({
  name,
  kind: 'person',
  ...(seed !== undefined ? { idNumber: residentIdFor(seed) } : {}),
});

export const organization = (name: string, seed?: string): TestParty => ({
  name,
  kind: 'organization',
  ...(seed !== undefined ? { idNumber: creditCodeFor(seed) } : {}),
});

export interface Filing {
  party: TestParty;
  landClass?: string;
  areaMu?: number;
  filedAt?: string;
  divisionCode?: string;
}

export const caseFiledData = (caseId: string, filing: Filing) => ({
  caseId,
  filingNo: `FY-LA-${caseId}`,
  filedAt: filing.filedAt ?? '2026-03-06T10:00:00+08:00',
  divisionCode: filing.divisionCode ?? '141181',
  landClass: filing.landClass ?? 'farmland',
  areaMu: filing.areaMu ?? 6,
  party: filing.party,
});

export const fileCase = (sys: TestSystem, caseId: string, filing: Filing): Promise<CloudEvent> =>
  sys.publish('enforcement', 'CaseFiled', caseFiledData(caseId, filing));

/**
 * Files a last case of a party of its own and waits for its referrals: the bus hands the CaseFiled
 * reaction its events in order, so every case filed before it has then been handled.
 */
export async function afterFilings(sys: TestSystem): Promise<void> {
  const mark = `MARK-${(marks.get(sys) ?? 0) + 1}`;
  marks.set(sys, (marks.get(sys) ?? 0) + 1);
  await fileCase(sys, mark, { party: organization('Mark Ltd', mark), landClass: 'pbf', areaMu: 9 });
  await eventually(
    'the last filing handled',
    async () => (await sys.readModels.collection('referral.referrals').count({ caseId: mark })) === 2,
  );
}
const marks = new WeakMap<TestSystem, number>();

/** Every referral drafted but those of the last cases, as `<id> <to>`, sorted. */
export async function draftedReferrals(sys: TestSystem): Promise<string[]> {
  const docs = await sys.readModels.collection('referral.referrals').find();
  return docs
    .filter((d) => !String(d.caseId).startsWith('MARK-'))
    .map((d) => `${d.id} ${String(d.to)}`)
    .sort();
}

/** The stored possible same parties, as `<matchId> <state>`, sorted. */
export async function storedMatches(sys: TestSystem): Promise<string[]> {
  const streams = new Map<string, string>();
  for (const event of await sys.store.readAll()) {
    const data = event.data as { matchId?: string };
    if (typeof data.matchId === 'string') streams.set(data.matchId, event.type);
  }
  return [...streams].map(([id, last]) => `${id} ${last}`).sort();
}

/** The referral service's CloudEvents as its relay publishes them, collected from the start. */
export async function referralTopic(sys: TestSystem): Promise<CloudEvent[]> {
  const seen: CloudEvent[] = [];
  await sys.bus.subscribe({
    groupId: 'test.referral-topic',
    topics: [topicOf('referral')],
    fromBeginning: true,
    handle: async (delivery) => {
      seen.push(delivery.event);
    },
  });
  return seen;
}

/** Publishes an event of the referral service again, as a relay replaying it would. */
export async function redeliver(sys: TestSystem, event: CloudEvent): Promise<void> {
  await sys.bus.publish(topicOf('referral'), [{ key: event.subject, event }]);
}
