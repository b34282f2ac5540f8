import type { Clock } from '@landcase/service-kit';
import { runService } from '@landcase/service-kit';
import { ALL_MODULES } from '../system.ts';

// One service as its own process, for the fault-injection tests that kill and restart it
// (cluster.ts spawns it). Configuration from the environment, as a service's own main.ts reads it,
// plus one clock for the whole cluster: LANDCASE_FAULT_CLOCK_START is the instant the cluster's
// time began at, LANDCASE_FAULT_CLOCK_EPOCH the wall-clock milliseconds it began at, so a process
// restarted later goes on from where the others are rather than from the start again.

function clusterClock(env: NodeJS.ProcessEnv): Clock | undefined {
  const start = env.LANDCASE_FAULT_CLOCK_START;
  const epoch = Number(env.LANDCASE_FAULT_CLOCK_EPOCH);
  if (!start || !Number.isFinite(epoch)) return undefined;
  const origin = Date.parse(start);
  return { now: () => new Date(origin + (Date.now() - epoch)) };
}

const clock = clusterClock(process.env);
await runService(ALL_MODULES, process.env, clock ? { clock } : {});
