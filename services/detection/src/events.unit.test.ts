import { EVENT_CATALOGUE } from '@landcase/contracts';
import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { detectionModule } from './index.ts';
import { clueBody, type Harness, harness, illegalVerdict } from './test-harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await harness([detectionModule]);
});
afterEach(() => h.close());

// The kit registers the date-time format that the catalogue's timestamps need (the harness loads it).
it('appends only events that validate against the contracts catalogue', async () => {
  // The province reports and dispatches; the county holding each clue verifies it.
  const nrb = await h.token('nrb', ['officer'], '140000');
  const county = await h.token('nrb', ['officer'], '141181');
  const report = async (body: Record<string, unknown>) =>
    (await h.post('/detection/clues', nrb, body)).body.caseId;
  const a = await report(clueBody({ divisionCode: '140000', description: 'brick kiln on PBF' }));
  await h.post(`/detection/clues/${a}/dispatch`, nrb, { toDivisionCode: '141181' });
  await h.post(
    `/detection/clues/${a}/verification`,
    county,
    illegalVerdict({ party: { name: 'Li Ming', kind: 'person', idNumber: '11010519491231002x' } }),
  );
  const b = await report(clueBody({ externalRef: undefined, source: 'report', areaMu: 0.4 }));
  await h.post(`/detection/clues/${b}/verification`, county, {
    verdict: 'legal',
    areaMu: 0.4,
    landClass: 'construction',
    ongoing: false,
    approvalRef: 'JS-2025-0113',
  });
  const c = await report(clueBody({ externalRef: 'C' }));
  await h.post(`/detection/clues/${c}/verification`, county, {
    verdict: 'no_change',
    areaMu: 0,
    landClass: 'pbf',
    ongoing: false,
  });

  const events = await h.all();
  expect(events.map((e) => e.type).sort()).toEqual([
    'ClueDispatched',
    'ClueReported',
    'ClueReported',
    'ClueReported',
    'ClueVerified',
    'ClueVerified',
    'ClueVerified',
  ]);
  for (const event of events) {
    const schema = (EVENT_CATALOGUE.detection as Record<string, TSchema>)[event.type];
    expect(schema, event.type).toBeDefined();
    expect([...Value.Errors(schema!, event.data)], event.type).toEqual([]);
    expect(Value.Check(schema!, event.data)).toBe(true);
  }
});
