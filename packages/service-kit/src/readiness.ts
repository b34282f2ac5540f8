import type { HealthReport } from '@landcase/messaging';

/** A check of something a module needs at run time: a relay, the bus's consumers, the store. */
export type ReadinessCheck = () => HealthReport | Promise<HealthReport>;

export type ReadinessStatus = 'ready' | 'starting' | 'stopping' | 'failing';

export interface ReadinessReport {
  status: ReadinessStatus;
  modules: Record<string, 'started' | 'starting'>;
  /** Every check by name; `reason` says what is wrong with one that is not ok. */
  checks: Record<string, HealthReport>;
}

/**
 * Which modules have started their background work, and whether what they run on still works.
 * `/ready` answers 200 only when all have started and no check is failing (a degraded one, such as
 * a consumer kafkajs is restarting, is shown but not counted), and 503 again once shutdown begins,
 * so a load balancer stops sending traffic first.
 */
export class Readiness {
  readonly #expected: string[];
  readonly #started = new Set<string>();
  readonly #checks = new Map<string, ReadinessCheck>();
  readonly #timeoutMs: number;
  #stopping = false;

  /** `checkTimeoutMs`: a check that has not answered by then is failing (default 2000). */
  constructor(expected: readonly string[], options: { checkTimeoutMs?: number } = {}) {
    this.#expected = [...expected];
    this.#timeoutMs = options.checkTimeoutMs ?? 2_000;
  }

  markStarted(name: string): void {
    this.#started.add(name);
  }

  markStopping(): void {
    this.#stopping = true;
  }

  /** Adds (or replaces) the check of that name. */
  addCheck(name: string, check: ReadinessCheck): void {
    this.#checks.set(name, check);
  }

  /** Every expected module has started and shutdown has not begun; checks are not run. */
  get ready(): boolean {
    return !this.#stopping && this.#expected.every((n) => this.#started.has(n));
  }

  /** Runs every check (at once, each within the timeout) and says whether the process is ready. */
  async report(): Promise<ReadinessReport> {
    const modules = Object.fromEntries(
      this.#expected.map((n) => [n, this.#started.has(n) ? ('started' as const) : ('starting' as const)]),
    );
    const entries = await Promise.all(
      [...this.#checks].map(async ([name, check]) => [name, await this.#run(check)] as const),
    );
    const checks = Object.fromEntries(entries);
    const failing = entries.some(([, report]) => report.status === 'failing');
    const status: ReadinessStatus = this.#stopping
      ? 'stopping'
      : !this.ready
        ? 'starting'
        : failing
          ? 'failing'
          : 'ready';
    return { status, modules, checks };
  }

  async #run(check: ReadinessCheck): Promise<HealthReport> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<HealthReport>((resolve) => {
      timer = setTimeout(
        () => resolve({ status: 'failing', reason: `no answer within ${this.#timeoutMs} ms` }),
        this.#timeoutMs,
      );
    });
    try {
      return await Promise.race([Promise.resolve().then(check), timeout]);
    } catch (error) {
      return { status: 'failing', reason: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** `name: reason` of each failing check, for the problem's detail. */
export function failingChecks(report: ReadinessReport): string[] {
  return Object.entries(report.checks)
    .filter(([, check]) => check.status === 'failing')
    .map(([name, check]) => (check.reason ? `${name}: ${check.reason}` : name));
}
