import { type Clock, runService, type ServiceModule } from '@landcase/service-kit';
import { ALL_MODULES } from '../system.ts';
import { refusingStore } from './refusing-store.ts';

// One service as its own process, for the fault-injection tests that kill and restart it
// (cluster.ts spawns it). Configuration from the environment, as a service's own main.ts reads it,
// plus two things only these tests set:
// - LANDCASE_FAULT_CLOCK_START and LANDCASE_FAULT_CLOCK_EPOCH: one clock for the whole cluster, the
//   instant its time began at and the wall-clock milliseconds it began at, so that a process
//   restarted later goes on from where the others are rather than from the start again;
// - LANDCASE_FAULT_POISON_FILE: a file of case ids, one a line, read at each append: the store
//   refuses what the service's background work (its reactions) appends for those cases, as a
//   dependency failing for one message would. Emptying the file is fixing the cause.

function clusterClock(env: NodeJS.ProcessEnv): Clock | undefined {
  const start = env.LANDCASE_FAULT_CLOCK_START;
  const epoch = Number(env.LANDCASE_FAULT_CLOCK_EPOCH);
  if (!start || !Number.isFinite(epoch)) return undefined;
  const origin = Date.parse(start);
  return { now: () => new Date(origin + (Date.now() - epoch)) };
}

const poisonFile = process.env.LANDCASE_FAULT_POISON_FILE;
const modules: ServiceModule[] = poisonFile
  ? ALL_MODULES.map((m) => ({
      ...m,
      start: (ctx) => m.start({ ...ctx, store: refusingStore(ctx.store, poisonFile) }),
    }))
  : ALL_MODULES;
const clock = clusterClock(process.env);
await runService(modules, process.env, clock ? { clock } : {});
