import { type CloudEvent, parseType, TOPICS } from '@landcase/contracts';
import { stateString } from '@landcase/lifecycle';
import type { ReadModelStore } from '@landcase/readmodels';
import { project, type ServiceContext } from '@landcase/service-kit';
import { CASES_COLLECTION, tryLoadCase } from '../case-view.ts';

/**
 * One document per case for the list queries. Each event re-reads the case's stream (this
 * service's own store) and writes the whole view at the stream's revision, so the document
 * always agrees with `GET /cases/{caseId}` and a redelivered or stale event writes nothing.
 */
export function projectCases(ctx: ServiceContext) {
  return project(ctx, {
    name: 'cases',
    topics: [TOPICS.enforcement],
    apply: async (event: CloudEvent, readModels: ReadModelStore) => {
      if (parseType(event.type)?.service !== 'enforcement') return;
      const view = await tryLoadCase(ctx, event.subject);
      if (!view) return;
      await readModels.collection(CASES_COLLECTION).upsert(
        {
          id: view.caseId,
          caseId: view.caseId,
          state: stateString(view.snapshot),
          revision: view.revision,
          ...view.fields,
        },
        view.revision,
      );
    },
  });
}
