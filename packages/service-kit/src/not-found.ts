import { NotFound } from './problems.ts';

/** What `loading` finds, or null where it throws NotFound; any other error still throws. */
export async function nullIfNotFound<T>(loading: Promise<T>): Promise<T | null> {
  try {
    return await loading;
  } catch (error) {
    if (error instanceof NotFound) return null;
    throw error;
  }
}
