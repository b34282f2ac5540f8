import { RULE_SET } from '@landcase/lifecycle';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enforcementModule } from '../index.ts';
import {
  caseStream,
  cloudEvent,
  eventually,
  type Harness,
  harness,
  PARTY,
  publish,
  clueVerified as verified,
} from '../test-harness.ts';
import { decideOpenCase } from './open-case.ts';

describe('reaction: ClueVerified → CaseOpened', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness([enforcementModule]);
    await h.startBackground();
  });
  afterEach(() => h.close());

  it('opens the case under the clue’s id, with what the verdict carried', async () => {
    const event = cloudEvent('detection', 'ClueVerified', 'LC-1', verified('LC-1'));
    await publish(h, event);
    const [opened] = await eventually('the case opened', async () => {
      const events = await h.store.readStream(caseStream('LC-1'));
      return events.length > 0 ? events : undefined;
    });
    expect(opened).toMatchObject({
      type: 'CaseOpened',
      data: {
        caseId: 'LC-1',
        divisionCode: '141181',
        landClass: 'pbf',
        areaMu: 6.2,
        party: PARTY,
        ongoing: true,
        clueSource: 'satellite',
        discoveredAt: '2026-03-02T09:00:00+08:00',
        ruleSetVersion: RULE_SET.version,
      },
      metadata: {
        caseId: 'LC-1',
        actor: 'nrb:system:enforcement',
        correlationId: event.correlationid,
        causationId: event.id,
        ruleSetVersion: RULE_SET.version,
      },
    });
  });

  it('opens it once, however often the verdict is delivered', async () => {
    const event = cloudEvent('detection', 'ClueVerified', 'LC-2', verified('LC-2'));
    // The same CloudEvent twice, and the same verdict relayed again under a new id.
    await publish(h, event);
    await publish(h, event);
    await publish(h, { ...event, id: 'another-delivery' });
    await publish(h, cloudEvent('detection', 'ClueVerified', 'LC-3', verified('LC-3')));
    // LC-3 is published last; once it is open, every LC-2 delivery has been handled.
    await eventually('the later case opened', async () =>
      (await h.store.readStream(caseStream('LC-3'))).length > 0 ? true : undefined,
    );
    const get = await h.get('/enforcement/cases/LC-3', await h.token('nrb'));
    expect(get.status).toBe(200);
    expect(await h.store.readStream(caseStream('LC-2'))).toHaveLength(1);
  });

  it('opens nothing for the other verdicts or other detection events', async () => {
    await publish(
      h,
      cloudEvent(
        'detection',
        'ClueVerified',
        'LC-4',
        verified('LC-4', { verdict: 'no_change', party: undefined }),
      ),
    );
    await publish(h, cloudEvent('detection', 'ClueReported', 'LC-5', { caseId: 'LC-5' }));
    await publish(h, cloudEvent('detection', 'ClueVerified', 'LC-6', verified('LC-6')));
    await eventually('the illegal one opened', async () =>
      (await h.store.readStream(caseStream('LC-6'))).length > 0 ? true : undefined,
    );
    expect((await h.all()).map((e) => e.streamId)).toEqual([caseStream('LC-6')]);
  });
});

describe('decideOpenCase', () => {
  it('refuses an illegal verdict without a party (a broken contract goes to the DLQ)', () => {
    expect(() => decideOpenCase(verified('x', { party: undefined }) as never, '2026.1')).toThrow(/party/);
  });
});
