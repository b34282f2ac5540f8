// Dead letters an operator can work with: list and show what sits on the `<topic>.dlq` topics,
// redrive a letter to the topic it came from, or discard it. Both buses keep their dead letters
// the same way; what differs is only how they read a topic from its start (DeadLetterSource).
//
// Nothing is deleted from a DLQ topic (Kafka cannot delete one record). What was done with a
// letter is a resolution marker on its own topic, keyed by the letter's id; a letter with a marker
// is no longer pending. A redrive publishes the copy first and writes the marker after, so a crash
// in between leaves the letter pending and the next redrive sends it again (consumers drop the
// duplicate by CloudEvent id): a batch redrive that stops half way resumes where it stopped.
//
// Each redrive counts itself in the copy's `dlq_redrives` header, which survives the next
// dead-lettering (the consumer keeps the delivery's headers); a letter redriven `maxRedrives`
// times is refused, so a poison message cannot circle between its topic and the DLQ forever.
import { type CloudEvent, DLQ_RESOLUTIONS_TOPIC } from '@landcase/contracts';
import { cloudEventProblem } from './cloud-event.ts';
import { DLQ_HEADERS } from './consumer.ts';
import type { BusMessage } from './port.ts';

export const DLQ_REDRIVES_HEADER = 'dlq_redrives';
/** How many times a letter may be redriven before only a discard is left. */
export const MAX_REDRIVES = 5;
/** Where the resolution markers live (not a `.dlq`, not a service topic). */
export { DLQ_RESOLUTIONS_TOPIC };

const DLQ_SUFFIX = '.dlq';
export const isDlqTopic = (topic: string): boolean => topic.endsWith(DLQ_SUFFIX);

/** One record of a DLQ topic, as the bus read it. */
export interface DeadLetterRecord {
  dlqTopic: string;
  partition: number;
  offset: string;
  /** When the bus took the record in (epoch ms). */
  timestamp: number;
  key: string;
  /** Null when the record is not a CloudEvent at all (Kafka bytes that did not decode). */
  event: CloudEvent | null;
  /** The undecodable record's value, as text. */
  raw?: string;
  headers: Record<string, string>;
}

export type ResolutionAction = 'redriven' | 'discarded';

export interface Resolution {
  /** The dead letter's id. */
  id: string;
  action: ResolutionAction;
  /** When it was done, and by whom (`<agency>:<user>`). */
  at: string;
  by: string;
  reason?: string;
  /** The topic a redriven copy went to, and the count it carried. */
  topic?: string;
  redrives?: number;
}

/** What a bus provides for its dead letters. */
export interface DeadLetterSource {
  /** Every record of every DLQ topic, from each one's earliest retained offset. */
  readDeadLetters(): Promise<DeadLetterRecord[]>;
  /** Every resolution marker written so far, oldest first. */
  readResolutions(): Promise<Resolution[]>;
  /** Acknowledged once the marker is durable. */
  writeResolution(resolution: Resolution): Promise<void>;
  publish(topic: string, messages: BusMessage[]): Promise<void>;
}

export type DeadLetterStatus = 'pending' | ResolutionAction;

export interface DeadLetter {
  /** `<dlqTopic>:<partition>:<offset>`: stable for as long as the record is retained. */
  id: string;
  status: DeadLetterStatus;
  /** The topic it was dead-lettered from, where a redrive sends it. */
  topic: string;
  /** The service whose topic that is (`landcase.<service>.v1`), when it is one. */
  service?: string;
  dlqTopic: string;
  partition: number;
  offset: string;
  /** When it reached the DLQ. */
  deadAt: string;
  key: string;
  /** The consumer group that gave up on it. */
  group?: string;
  error?: string;
  attempts?: number;
  /** How many times it was redriven before it came back here. */
  redrives: number;
  event: CloudEvent | null;
  raw?: string;
  /** The transport headers: the failure (`dlq_*`) and whatever travelled with the event. */
  headers: Record<string, string>;
  resolution?: Resolution;
}

export interface DeadLetterFilter {
  service?: string;
  /** The original topic. */
  topic?: string;
  group?: string;
  /** The CloudEvent type, or just the event's name (`ClueReported`). */
  type?: string;
  /** Text the error contains (any case). */
  error?: string;
  /** Dead-lettered at or after / before this instant (RFC 3339). */
  since?: string;
  until?: string;
  /** Default `pending`. */
  status?: DeadLetterStatus | 'all';
}

/** Which letters an action takes: ids, a filter, or (neither) every pending one. */
export interface Selection {
  ids?: string[];
  filter?: DeadLetterFilter;
  dryRun?: boolean;
  /** Act on at most this many; the rest are counted in `left`. */
  limit?: number;
}

export interface ActionContext {
  /** Who acts, as `<agency>:<user>`. */
  by: string;
  /** When (RFC 3339). */
  at: string;
  reason?: string;
  /**
   * Called for each letter once its copy is out (redrive) or before it is marked (discard), and
   * before its marker is written: a failure stops the run with the letter still pending, so what
   * is recorded never lags behind what is marked done.
   */
  record?(acted: Acted): Promise<void>;
}

export interface Acted {
  id: string;
  topic: string;
  /** The redrive count the copy carries (redrives only). */
  redrives?: number;
  letter: DeadLetter;
}

export interface ActionReport {
  dryRun: boolean;
  /** Letters the selection named or matched, pending ones only. */
  matched: number;
  /** Redriven or discarded (or, on a dry run, that would be). */
  done: Acted[];
  /** Named or matched but not acted on, and why (the redrive limit, nothing to redrive). */
  refused: { id: string; reason: string }[];
  /** Ids named that are no dead letter here, or no longer pending. */
  notFound: string[];
  /** Matched, beyond the limit: left for the next call. */
  left: number;
}

export const deadLetterId = (r: Pick<DeadLetterRecord, 'dlqTopic' | 'partition' | 'offset'>): string =>
  `${r.dlqTopic}:${r.partition}:${r.offset}`;

const SERVICE_TOPIC = /^landcase\.([a-z]+)\.v[0-9]+$/;

function letterOf(record: DeadLetterRecord, resolution: Resolution | undefined): DeadLetter {
  const h = record.headers;
  const topic = h[DLQ_HEADERS.topic] || record.dlqTopic.slice(0, -DLQ_SUFFIX.length);
  const service = SERVICE_TOPIC.exec(topic)?.[1];
  const attempts = Number(h[DLQ_HEADERS.attempts]);
  const redrives = Number(h[DLQ_REDRIVES_HEADER] ?? 0);
  return {
    id: deadLetterId(record),
    status: resolution?.action ?? 'pending',
    topic,
    ...(service ? { service } : {}),
    dlqTopic: record.dlqTopic,
    partition: record.partition,
    offset: record.offset,
    deadAt: new Date(record.timestamp).toISOString(),
    key: record.key,
    ...(h[DLQ_HEADERS.group] !== undefined ? { group: h[DLQ_HEADERS.group] } : {}),
    ...(h[DLQ_HEADERS.error] !== undefined ? { error: h[DLQ_HEADERS.error] } : {}),
    ...(Number.isFinite(attempts) && h[DLQ_HEADERS.attempts] !== undefined ? { attempts } : {}),
    redrives: Number.isInteger(redrives) && redrives > 0 ? redrives : 0,
    event: record.event,
    ...(record.raw !== undefined ? { raw: record.raw } : {}),
    headers: { ...h },
    ...(resolution ? { resolution } : {}),
  };
}

function matches(letter: DeadLetter, filter: DeadLetterFilter): boolean {
  const status = filter.status ?? 'pending';
  if (status !== 'all' && letter.status !== status) return false;
  if (filter.service !== undefined && letter.service !== filter.service) return false;
  if (filter.topic !== undefined && letter.topic !== filter.topic) return false;
  if (filter.group !== undefined && letter.group !== filter.group) return false;
  if (filter.type !== undefined) {
    const type = letter.event?.type ?? '';
    if (type !== filter.type && !type.includes(`.${filter.type}.`)) return false;
  }
  if (filter.error !== undefined && !(letter.error ?? '').toLowerCase().includes(filter.error.toLowerCase()))
    return false;
  const at = Date.parse(letter.deadAt);
  if (filter.since !== undefined && at < Date.parse(filter.since)) return false;
  if (filter.until !== undefined && at >= Date.parse(filter.until)) return false;
  return true;
}

/** Why a letter cannot be redriven, or null when it can. */
function redriveRefusal(letter: DeadLetter, maxRedrives: number): string | null {
  if (!letter.event) return 'the record is not a CloudEvent: a redrive cannot repair it; discard it';
  const problem = cloudEventProblem(letter.event);
  if (problem) return `malformed CloudEvent (${problem}): a redrive cannot repair it; discard it`;
  if (letter.redrives >= maxRedrives) {
    return `redriven ${letter.redrives} times already (the limit is ${maxRedrives}): fix what fails it, or discard it`;
  }
  return null;
}

export class DeadLetterQueue {
  constructor(
    private readonly source: DeadLetterSource,
    private readonly maxRedrives: number = MAX_REDRIVES,
  ) {}

  /** Every dead letter with its status, oldest first. */
  async #all(): Promise<DeadLetter[]> {
    const [records, resolutions] = await Promise.all([
      this.source.readDeadLetters(),
      this.source.readResolutions(),
    ]);
    const resolved = new Map<string, Resolution>();
    // The first marker wins: a letter redriven twice by a race stays redriven.
    for (const r of resolutions) if (!resolved.has(r.id)) resolved.set(r.id, r);
    return records
      .map((record) => letterOf(record, resolved.get(deadLetterId(record))))
      .sort((a, b) => a.deadAt.localeCompare(b.deadAt) || a.id.localeCompare(b.id));
  }

  async list(filter: DeadLetterFilter = {}): Promise<DeadLetter[]> {
    return (await this.#all()).filter((letter) => matches(letter, filter));
  }

  async show(id: string): Promise<DeadLetter | null> {
    return (await this.#all()).find((letter) => letter.id === id) ?? null;
  }

  async #select(selection: Selection): Promise<{ chosen: DeadLetter[]; notFound: string[] }> {
    const all = await this.#all();
    if (selection.ids) {
      const pending = new Map(all.filter((l) => l.status === 'pending').map((l) => [l.id, l] as const));
      const ids = [...new Set(selection.ids)];
      return {
        chosen: ids.flatMap((id) => pending.get(id) ?? []),
        notFound: ids.filter((id) => !pending.has(id)),
      };
    }
    const filter = { ...selection.filter, status: 'pending' as const };
    return { chosen: all.filter((letter) => matches(letter, filter)), notFound: [] };
  }

  /** Sends each selected letter back to its topic, counting the redrive; refuses those at the limit. */
  async redrive(selection: Selection, context: ActionContext): Promise<ActionReport> {
    const { chosen, notFound } = await this.#select(selection);
    const limit = selection.limit ?? Number.POSITIVE_INFINITY;
    const report: ActionReport = {
      dryRun: selection.dryRun === true,
      matched: chosen.length,
      done: [],
      refused: [],
      notFound,
      left: 0,
    };
    for (const letter of chosen) {
      const refusal = redriveRefusal(letter, this.maxRedrives);
      if (refusal) {
        report.refused.push({ id: letter.id, reason: refusal });
        continue;
      }
      if (report.done.length >= limit) {
        report.left += 1;
        continue;
      }
      const redrives = letter.redrives + 1;
      const acted: Acted = { id: letter.id, topic: letter.topic, redrives, letter };
      if (!report.dryRun) {
        await this.source.publish(letter.topic, [
          { key: letter.key, event: letter.event!, headers: { [DLQ_REDRIVES_HEADER]: String(redrives) } },
        ]);
        await context.record?.(acted);
        await this.source.writeResolution({
          id: letter.id,
          action: 'redriven',
          at: context.at,
          by: context.by,
          topic: letter.topic,
          redrives,
          ...(context.reason !== undefined ? { reason: context.reason } : {}),
        });
      }
      report.done.push(acted);
    }
    return report;
  }

  /** Marks each selected letter discarded: it stays on the DLQ topic but is no longer pending. */
  async discard(selection: Selection, context: ActionContext): Promise<ActionReport> {
    const { chosen, notFound } = await this.#select(selection);
    const limit = selection.limit ?? Number.POSITIVE_INFINITY;
    const acted = chosen.slice(0, limit);
    const report: ActionReport = {
      dryRun: selection.dryRun === true,
      matched: chosen.length,
      done: acted.map((letter) => ({ id: letter.id, topic: letter.topic, letter })),
      refused: [],
      notFound,
      left: chosen.length - acted.length,
    };
    if (!report.dryRun) {
      for (const [i, letter] of acted.entries()) {
        await context.record?.(report.done[i]!);
        await this.source.writeResolution({
          id: letter.id,
          action: 'discarded',
          at: context.at,
          by: context.by,
          topic: letter.topic,
          ...(context.reason !== undefined ? { reason: context.reason } : {}),
        });
      }
    }
    return report;
  }
}
