import { type Agency, PROBLEM_BASE } from '@landcase/contracts';
import {
  type AccessKey,
  accessRule,
  allowedEvents,
  enforcementCaseMachine,
  evolve,
  issuersOf,
} from '@landcase/lifecycle';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enforcementModule } from './index.ts';
import { caseStream, type Harness, happyHistory, harness, pathsOf, seedCase } from './test-harness.ts';

type History = (caseId: string) => { type: string; data: Record<string, unknown> }[];

/** The first `n` steps of the happy path. */
export const afterSteps =
  (n: number): History =>
  (caseId) =>
    happyHistory(caseId).slice(0, n);

/** Decided, not complied with, applied to the court, refused (revisions 0-9). */
export const refusedByCourt: History = (caseId) => [
  ...happyHistory(caseId).slice(0, 7),
  { type: 'ComplianceRecorded', data: { caseId, complied: false, observedAt: '2026-07-01T10:00:00+08:00' } },
  {
    type: 'CourtApplicationFiled',
    data: { caseId, reminderServedAt: '2026-07-20T10:00:00+08:00', appliedAt: '2026-08-05T10:00:00+08:00' },
  },
  { type: 'CourtRuled', data: { caseId, granted: false, rulingRef: 'FY-COURT-2026-13' } },
];

export interface CommandSpec {
  /** The route under `/enforcement/cases/{caseId}/`. */
  path: string;
  /** Where the case stands before the command. */
  history: History;
  body: Record<string, unknown>;
  /** The agency allowed to send it (default nrb); another one gets 403. */
  agency?: Agency;
  /** The sender's roles (default officer). */
  roles?: string[];
  /** An agency that sees the case but may not send it: 403 naming the rule (default the auditor). */
  forbidden?: Agency;
  /** The event it appends and the fields that event must carry (besides caseId). */
  event: { type: string; data: Record<string, unknown> };
  /** The state after it. */
  state: string;
  /** Requests JSON Schema (or the slice) refuses: what, body, the field named. */
  bad: [string, Record<string, unknown>, string][];
  /** A history in which the machine refuses the command, and the state it then reports. */
  tooEarly: { history: History; state: string };
}

/**
 * What every enforcement command promises over HTTP: the happy path, refusals that name the field
 * and append nothing, 409 in a state that refuses it, one winner among racers (409, or 412 with
 * If-Match), 403 for an agency that sees the case but may not act, 404 for one that may not see it
 * and for unknown cases, 403 for the city above where only the county's own bureau acts.
 */
export function commandContract(spec: CommandSpec): void {
  describe(`POST /enforcement/cases/{caseId}/${spec.path}`, () => {
    let h: Harness;
    let token: string;
    const caseId = 'LC-141181-20260302-0000c0de';
    const url = `/enforcement/cases/${caseId}/${spec.path}`;
    const stream = () => h.store.readStream(caseStream(caseId));
    const before = (history: History = spec.history) => seedCase(h, caseId, history(caseId));

    beforeEach(async () => {
      h = await harness([enforcementModule]);
      token = await h.token(spec.agency ?? 'nrb', spec.roles);
    });
    afterEach(() => h.close());

    it(`appends ${spec.event.type} and answers with the case in ${spec.state}`, async () => {
      await before();
      const revision = spec.history(caseId).length;
      const res = await h.post(url, token, spec.body);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.headers.etag).toBe(`"${revision}"`);
      expect(res.body).toMatchObject({ id: caseId, caseId, state: spec.state, revision });
      const events = await stream();
      expect(events).toHaveLength(revision + 1);
      expect(events.at(-1)).toMatchObject({
        type: spec.event.type,
        data: { caseId, ...spec.event.data },
        metadata: { caseId, actor: `${spec.agency ?? 'nrb'}:${spec.agency ?? 'nrb'}-user` },
      });
      const read = await h.get(`/enforcement/cases/${caseId}`, token);
      // The read is the reply, and adds what the reader may issue now.
      const { commandsAllowed, ...fields } = read.body;
      expect(fields).toEqual(res.body);
      expect(commandsAllowed).toBeInstanceOf(Array);
    });

    it.each(spec.bad)('refuses %s naming the field, appending nothing', async (_what, body, path) => {
      await before();
      const res = await h.post(url, token, body);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.type).toBe(`${PROBLEM_BASE}validation`);
      expect(pathsOf(res.body)).toContain(path);
      expect(await stream()).toHaveLength(spec.history(caseId).length);
    });

    it('refuses it where the case cannot take it: 409 with the state and what it accepts', async () => {
      await before(spec.tooEarly.history);
      const res = await h.post(url, token, spec.body);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({
        type: `${PROBLEM_BASE}illegal-transition`,
        currentState: spec.tooEarly.state,
        attempted: spec.event.type,
      });
      const there = evolve(enforcementCaseMachine, spec.tooEarly.history(caseId));
      expect(res.body.allowedEvents).toEqual(allowedEvents(enforcementCaseMachine, there));
      expect(await stream()).toHaveLength(spec.tooEarly.history(caseId).length);
    });

    it('lets one of two racing commands through; the other gets 409 and one event is stored', async () => {
      await before();
      h.holdAppends(2);
      const [a, b] = await Promise.all([h.post(url, token, spec.body), h.post(url, token, spec.body)]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      expect((a.status === 409 ? a : b).body.type).toBe(`${PROBLEM_BASE}concurrency-conflict`);
      expect(await stream()).toHaveLength(spec.history(caseId).length + 1);
    });

    it('with If-Match, the loser of a race gets 412 and one event is stored', async () => {
      await before();
      const revision = spec.history(caseId).length - 1;
      h.holdAppends(2);
      const ifMatch = { 'if-match': `"${revision}"` };
      const [a, b] = await Promise.all([
        h.post(url, token, spec.body, ifMatch),
        h.post(url, token, spec.body, ifMatch),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 412]);
      expect((a.status === 412 ? a : b).body).toMatchObject({
        type: `${PROBLEM_BASE}precondition-failed`,
        currentRevision: revision + 1,
      });
      expect(await stream()).toHaveLength(revision + 2);
    });

    it('refuses a stale If-Match with 412, appending nothing', async () => {
      await before();
      const res = await h.post(url, token, spec.body, { 'if-match': '"99"' });
      expect(res.status).toBe(412);
      expect(await stream()).toHaveLength(spec.history(caseId).length);
    });

    const key = `enforcement.case.${spec.path}` as AccessKey;

    it('is refused with 403, naming the policy entry, to an agency that sees the case but may not send it', async () => {
      await before();
      const other = await h.token(spec.forbidden ?? 'audit', ['officer', 'head']);
      const res = await h.post(url, other, spec.body);
      expect(res.status, JSON.stringify(res.body)).toBe(403);
      expect(res.body.rule).toMatchObject({ id: key });
      expect(await stream()).toHaveLength(spec.history(caseId).length);
    });

    it('is hidden (404) from an agency with no part in the case and from a neighbouring county', async () => {
      await before();
      const strangers = [
        await h.token('disc', ['officer', 'head']),
        await h.token(spec.agency ?? 'nrb', ['officer', 'head'], '141182'),
        await h.token(spec.agency ?? 'nrb', ['officer', 'head'], '350102'),
      ];
      for (const stranger of strangers) {
        const res = await h.post(url, stranger, spec.body);
        expect(res.status, JSON.stringify(res.body)).toBe(404);
      }
      expect(await stream()).toHaveLength(spec.history(caseId).length);
    });

    if (accessRule(key).scope === 'own') {
      it('is refused with 403 to the city above, which reads the case but does not run it', async () => {
        await before();
        const city = await h.token(spec.agency ?? 'nrb', ['officer', 'head'], '141100');
        const res = await h.post(url, city, spec.body);
        expect(res.status, JSON.stringify(res.body)).toBe(403);
        expect(res.body.rule).toMatchObject({ id: key });
        expect(await stream()).toHaveLength(spec.history(caseId).length);
      });
    }

    it('is sent by an agency the lifecycle issuer table names for its event, and never by the auditor', () => {
      const issuers = issuersOf(enforcementCaseMachine, spec.event.type, {});
      expect(issuers).toContain(spec.agency ?? 'nrb');
      expect(issuers).not.toContain('audit');
    });

    it('answers 404 for a case that does not exist', async () => {
      const res = await h.post(`/enforcement/cases/LC-none/${spec.path}`, token, spec.body);
      expect(res.status).toBe(404);
      expect(await h.all()).toEqual([]);
    });
  });
}
