import { randomUUID } from 'node:crypto';
import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Problem } from '@landcase/contracts';
import type { FastifyInstance } from 'fastify';
import { httpProblem, PROBLEM_CONTENT_TYPE, sendProblem } from './error-handler.ts';

// Requests refused before a route sees them, answered as problem+json like every other error:
// - a URL longer than MAX_URL_LENGTH: 414, by the first onRequest hook;
// - a path parameter longer than fastify's maxParamLength, or one that does not decode: 414 and
//   400, through fastify's `frameworkErrors` (see createApp);
// - what Node's HTTP parser refuses before fastify has a request (headers over `maxHeaderSize`,
//   16 KiB by default, a request line that never ends, malformed HTTP, a request that takes too
//   long): the server's `clientError` event, answered here on the raw socket. There is no request
//   yet, so the id is made here, sent in `x-request-id` and the body, and logged.

/** The longest URL (path and query) served; a longer one is 414. Below Node's header limit. */
export const MAX_URL_LENGTH = 8 * 1024;

/** Refuses a URL over MAX_URL_LENGTH before anything else looks at the request. */
export function installUrlLimit(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.length <= MAX_URL_LENGTH) return;
    return sendProblem(
      reply,
      request,
      httpProblem(
        414,
        `the URL is ${request.url.length} characters long; at most ${MAX_URL_LENGTH} are served`,
      ),
    );
  });
}

// Node's parser errors carry the packet it choked on and how far into it the parser got (typed
// loosely by fastify).
type ParserError = Error & { code?: string; rawPacket?: unknown; bytesParsed?: number };

const REQUEST_LINE_START = /^[A-Z]{3,10} \S/;

/**
 * The problem for an error of Node's HTTP parser. Node counts the request line towards the header
 * limit, so an overflow met in a packet that starts a request line, before that line ended, came
 * from the URL (414); any other overflow from the headers (431). A request line split over several
 * packets (not what a client writing one request at a time over a local network or loopback sends)
 * is told apart from headers only by its first packet, and answered 431.
 */
export function parserProblemOf(error: ParserError, limit = maxHeaderSize): Problem {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW': {
      const packet = Buffer.isBuffer(error.rawPacket) ? error.rawPacket : Buffer.alloc(0);
      const parsed = packet.subarray(0, error.bytesParsed ?? packet.length).toString('latin1');
      return REQUEST_LINE_START.test(parsed) && !parsed.includes('\n')
        ? httpProblem(414, `the request line is longer than ${limit} bytes`)
        : httpProblem(431, `the request line and headers are larger than ${limit} bytes`);
    }
    case 'ERR_HTTP_REQUEST_TIMEOUT':
    case 'ERR_HTTP_HEADERS_TIMEOUT':
      return httpProblem(408, 'the request did not arrive in time');
    default:
      return httpProblem(400, `the request is not valid HTTP/1.1 (${error.code ?? 'unreadable'})`);
  }
}

/** fastify's `clientErrorHandler`: the parser's refusal as problem+json on the socket, then closed. */
export function answerClientError(this: FastifyInstance, error: ParserError, socket: Duplex): void {
  // A reset connection has no one to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const problem = parserProblemOf(error);
  const requestId = randomUUID();
  this.log.info(
    { requestId, code: error.code, status: problem.status, detail: problem.detail },
    'request refused by the HTTP parser',
  );
  if (socket.writable) {
    const body = JSON.stringify({ ...problem, requestId });
    socket.write(
      [
        `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}`,
        `content-type: ${PROBLEM_CONTENT_TYPE}`,
        `content-length: ${Buffer.byteLength(body)}`,
        `x-request-id: ${requestId}`,
        'x-content-type-options: nosniff',
        'connection: close',
        '',
        body,
      ].join('\r\n'),
    );
  }
  socket.destroy(error);
}
