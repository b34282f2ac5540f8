/**
 * Which modules have started their background work. `/ready` answers 200 only when all have,
 * and 503 again once shutdown begins, so a load balancer stops sending traffic first.
 */
export class Readiness {
  readonly #expected: string[];
  readonly #started = new Set<string>();
  #stopping = false;

  constructor(expected: readonly string[]) {
    this.#expected = [...expected];
  }

  markStarted(name: string): void {
    this.#started.add(name);
  }

  markStopping(): void {
    this.#stopping = true;
  }

  get ready(): boolean {
    return !this.#stopping && this.#expected.every((n) => this.#started.has(n));
  }

  report(): { status: 'ready' | 'starting' | 'stopping'; modules: Record<string, 'started' | 'starting'> } {
    const modules = Object.fromEntries(
      this.#expected.map((n) => [n, this.#started.has(n) ? ('started' as const) : ('starting' as const)]),
    );
    return { status: this.#stopping ? 'stopping' : this.ready ? 'ready' : 'starting', modules };
  }
}
