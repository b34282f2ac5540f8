import { type CloudEvent, parseType, TOPICS } from '@landcase/contracts';
import { stateString } from '@landcase/lifecycle';
import type { ReadModelStore } from '@landcase/readmodels';
import { project, type ServiceContext } from '@landcase/service-kit';
import { CLUES_COLLECTION, tryLoadClue } from '../clue-view.ts';

/**
 * One document per clue for the list queries. Each event re-reads the clue's stream (this
 * service's own store) and writes the whole view at the stream's revision, so the document
 * always agrees with `GET /clues/{caseId}` and a redelivered or stale event writes nothing.
 */
export function projectClues(ctx: ServiceContext) {
  return project(ctx, {
    name: 'clues',
    topics: [TOPICS.detection],
    apply: async (event: CloudEvent, readModels: ReadModelStore) => {
      if (parseType(event.type)?.service !== 'detection') return;
      const view = await tryLoadClue(ctx, event.subject);
      if (!view) return;
      await readModels.collection(CLUES_COLLECTION).upsert(
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
