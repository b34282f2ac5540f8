// What a component tells readiness about itself. `degraded` is trouble it is recovering from on its
// own (kafkajs restarting a crashed consumer); `failing` is trouble that needs someone (a consumer
// kafkajs gave up on, a publish that keeps failing), and turns `/ready` to 503 with `reason`.

export type HealthStatus = 'ok' | 'degraded' | 'failing';

export interface HealthReport {
  status: HealthStatus;
  /** What is wrong, for whoever reads `/ready`; absent when ok. */
  reason?: string;
}

export const HEALTHY: HealthReport = Object.freeze({ status: 'ok' });

const RANK: Record<HealthStatus, number> = { ok: 0, degraded: 1, failing: 2 };

/** The worst of several reports, with the reasons of those that share that status. */
export function worstOf(reports: readonly HealthReport[]): HealthReport {
  const worst = reports.reduce<HealthStatus>(
    (status, report) => (RANK[report.status] > RANK[status] ? report.status : status),
    'ok',
  );
  if (worst === 'ok') return HEALTHY;
  const reasons = reports.filter((r) => r.status === worst && r.reason).map((r) => r.reason);
  return reasons.length > 0 ? { status: worst, reason: reasons.join('; ') } : { status: worst };
}
