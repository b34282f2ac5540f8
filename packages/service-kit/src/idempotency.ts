import { createHash } from 'node:crypto';
import type { Actor } from '@landcase/contracts';
import { type Static, Type } from '@sinclair/typebox';
import type { ServiceContext } from './context.ts';
import { nullIfNotFound } from './not-found.ts';

/** The optional Idempotency-Key header of a command that creates an aggregate. */
export const IdempotencyKeyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
});
export type IdempotencyKeyHeaders = Static<typeof IdempotencyKeyHeaders>;

/** The Idempotency-Key a request carries, or undefined (a repeated header is no key). */
export function idempotencyKeyOf(headers: Record<string, string | string[] | undefined>): string | undefined {
  const key = headers['idempotency-key'];
  return typeof key === 'string' ? key : undefined;
}

/**
 * The id of an aggregate a request creates. With an Idempotency-Key it is derived from the key,
 * the actor and `namespace` (one per kind of aggregate), so a retried request finds what the first
 * one made; without, a fresh id. Laid out as a UUID (version 8, variant a).
 */
export function keyedId(
  ctx: ServiceContext,
  namespace: string,
  actor: Actor,
  key: string | undefined,
): string {
  if (!key) return ctx.newId();
  const hash = createHash('sha256')
    .update(JSON.stringify([namespace, actor.agency, actor.sub, key]))
    .digest('hex');
  return `${hash.slice(0, 8)}-${hash.slice(8, 12)}-8${hash.slice(13, 16)}-a${hash.slice(17, 20)}-${hash.slice(20, 32)}`;
}

/**
 * What a create with a derived id answers: the aggregate `load` finds (a retry: 200), or, when
 * there is none yet, the one `create` makes (201). `load` throws NotFound when there is none.
 */
export async function loadOrCreate<V>(
  load: () => Promise<V>,
  create: () => Promise<unknown>,
): Promise<{ view: V; status: 200 | 201 }> {
  const existing = await nullIfNotFound(load());
  if (existing) return { view: existing, status: 200 };
  await create();
  return { view: await load(), status: 201 };
}
