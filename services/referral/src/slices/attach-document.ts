import { MediaType, ReferralDocumentKindField, type ReferralEvent } from '@landcase/contracts';
import { type ServiceContext, sha256Of, ValidationProblem } from '@landcase/service-kit';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { ReferralFields } from '../referral.ts';
import { runReferralCommand } from '../referral-command.ts';
import { referralCheck, replyReferral } from '../referral-view.ts';
import { ReferralIdParams } from './params.ts';

// The sender attaches the documents a referral carries (State Council Order 310 art. 6): the bytes
// go to the document store under their SHA-256, the event records name, kind, media type, size and
// hash. JSON with the bytes in base64, like every other command, so the one validator, the OpenAPI
// document and every client serve it; the cost is a third more on the wire, within this route's
// own body limit.

/** The largest document taken, in bytes. */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
const MAX_BASE64 = Math.ceil(MAX_DOCUMENT_BYTES / 3) * 4;
/** This route's body limit: the largest document in base64, and room for the other fields. */
export const DOCUMENT_BODY_LIMIT = MAX_BASE64 + 64 * 1024;

export const AttachDocumentBody = Type.Object(
  {
    name: Type.String({
      minLength: 1,
      maxLength: 255,
      pattern: '^[^\\u0000-\\u001f/\\\\]+$',
      description: 'file name, e.g. 移送书.pdf (no slashes, no control characters)',
    }),
    kind: ReferralDocumentKindField,
    mediaType: MediaType,
    content: Type.String({
      minLength: 1,
      maxLength: MAX_BASE64,
      pattern: '^[A-Za-z0-9+/]*={0,2}$',
      contentEncoding: 'base64',
      description: `the bytes, base64 (RFC 4648 §4, padded); at most ${MAX_DOCUMENT_BYTES} bytes`,
    }),
  },
  { additionalProperties: false },
);
export type AttachDocument = Static<typeof AttachDocumentBody>;

/** The bytes a body carries; a 400 naming `/content` when it is not canonical base64. */
export function bytesOf(body: AttachDocument): Buffer {
  const bytes = Buffer.from(body.content, 'base64');
  if (bytes.toString('base64') !== body.content) {
    throw new ValidationProblem([{ path: '/content', reason: 'must be padded base64 (RFC 4648 §4)' }]);
  }
  return bytes;
}

export function decideAttachment(
  referral: ReferralFields,
  document: { name: string; kind: AttachDocument['kind']; mediaType: string; size: number; sha256: string },
  now: Date,
): ReferralEvent[] {
  return [
    {
      type: 'ReferralDocumentAttached',
      data: {
        caseId: referral.caseId,
        referralId: referral.referralId,
        ...document,
        attachedAt: now.toISOString(),
      },
    },
  ];
}

export async function attachDocumentRoute(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  const check = referralCheck(ctx, 'referral.referral.documents');
  app.post<{ Params: ReferralIdParams; Body: AttachDocument }>(
    '/referrals/:id/documents',
    {
      bodyLimit: DOCUMENT_BODY_LIMIT,
      schema: {
        summary: 'Attach a document to a referral (the sender, before dispatch)',
        description:
          'The bytes in base64; kept in the document store by their SHA-256, which the referral lists. ' +
          'Read back at GET /referrals/{id}/documents/{sha256}.',
        tags: ['referral'],
        params: ReferralIdParams,
        body: AttachDocumentBody,
        response: { 201: { description: 'The referral with the document attached' } },
      },
      ...check.options,
    },
    async (request, reply) => {
      const bytes = bytesOf(request.body);
      const document = {
        name: request.body.name,
        kind: request.body.kind,
        mediaType: request.body.mediaType.trim().toLowerCase(),
        size: bytes.length,
        sha256: sha256Of(bytes),
      };
      const view = await runReferralCommand(ctx, {
        before: check.of(request)!,
        actor: request.actor,
        ifMatch: request.headers['if-match'],
        requestId: request.id,
        decide: async (referral, now, snapshot) => {
          const events = decideAttachment(referral, document, now);
          // The bytes first, then the event naming them; only when the machine takes the event, so
          // nothing is stored for a referral already sent (the command then answers 409). Bytes kept
          // for an append that fails are the very bytes a retry keeps: nothing is left half done.
          if (events.every((e) => snapshot.can(e as never))) {
            await ctx.documents.put(bytes, document.mediaType);
          }
          return events;
        },
      });
      const sha256 = document.sha256;
      reply.header(
        'location',
        `/referral/referrals/${encodeURIComponent(view.referralId)}/documents/${sha256}`,
      );
      return replyReferral(reply, view, 201);
    },
  );
}
