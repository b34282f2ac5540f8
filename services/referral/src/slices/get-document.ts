import { NotFound, type ServiceContext } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { referralCheck } from '../referral-view.ts';

// A referral's document, its bytes as attached, to whoever may read the referral (the sender, the
// receiver once it was dispatched, the auditor, within their divisions): the same check as
// GET /referrals/{id}, so a caller who may not see the referral gets 404 here too.

export const DocumentParams = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 200, description: 'referral id' }),
    sha256: Type.String({ pattern: '^[0-9a-f]{64}$', description: "the document's SHA-256, lower-case hex" }),
  },
  { additionalProperties: false },
);
export type DocumentParams = Static<typeof DocumentParams>;

/** `filename*` (RFC 6266, RFC 8187) with a plain ASCII fallback, so a Chinese name survives. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export async function getDocumentRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  const check = referralCheck(ctx, 'referral.referral.document');
  app.get<{ Params: DocumentParams }>(
    '/referrals/:id/documents/:sha256',
    {
      schema: {
        summary: "A referral's document: the bytes attached under this SHA-256",
        tags: ['referral'],
        params: DocumentParams,
        response: { 200: { description: 'The bytes, with the media type they were attached with' } },
      },
      ...check.options,
    },
    async (request, reply) => {
      const referral = check.of(request)!;
      const { sha256 } = request.params;
      // Only a document of this referral: a hash attached to another one is not reached through it.
      const attached = referral.fields.documents.find((d) => d.sha256 === sha256 && d.attachedAt);
      if (!attached) throw new NotFound(`referral ${referral.referralId} has no document ${sha256}`);
      const stored = await ctx.documents.get(sha256);
      if (!stored) throw new NotFound(`the bytes of document ${sha256} are not in the document store`);
      return (
        reply
          .status(200)
          .header('content-type', stored.mediaType)
          .header('content-length', stored.size)
          .header('etag', `"${sha256}"`)
          .header('repr-digest', `sha-256=:${Buffer.from(sha256, 'hex').toString('base64')}:`)
          .header('content-disposition', contentDisposition(attached.name ?? sha256))
          .header('cache-control', 'private, max-age=0')
          // Bytes as attached, never a page of this origin: a browser opening them runs nothing.
          .header('content-security-policy', "default-src 'none'; sandbox")
          .send(stored.bytes)
      );
    },
  );
}
