import { runSystem } from '../system.ts';

export async function startCommand(): Promise<number> {
  await runSystem(process.env);
  return 0;
}
