import { describe, expect, it } from 'vitest';
import { parserProblemOf } from './client-errors.ts';

const overflow = (packet: string, bytesParsed = packet.length) =>
  Object.assign(new Error('Header overflow'), {
    code: 'HPE_HEADER_OVERFLOW',
    rawPacket: Buffer.from(packet, 'latin1'),
    bytesParsed,
  });

describe("parserProblemOf: Node's parser refusals as problems", () => {
  it('tells a request line that never ended (414) from headers too large (431)', () => {
    const url = `GET /x?q=${'q'.repeat(20_000)}`;
    expect(parserProblemOf(overflow(url), 16384)).toMatchObject({ status: 414, title: 'URI Too Long' });
    // The parser stopped inside the request line even if the packet holds more lines after it.
    expect(parserProblemOf(overflow(`${url} HTTP/1.1\r\nhost: x\r\n\r\n`, url.length)).status).toBe(414);
    expect(parserProblemOf(overflow(`GET / HTTP/1.1\r\nx-big: ${'b'.repeat(20_000)}`)).status).toBe(431);
    // A packet that is not the start of a request: headers are the likelier culprit.
    expect(parserProblemOf(overflow('b'.repeat(20_000))).status).toBe(431);
  });

  it('answers a request that took too long 408 and anything else 400', () => {
    const error = (code: string) => Object.assign(new Error(code), { code });
    expect(parserProblemOf(error('ERR_HTTP_REQUEST_TIMEOUT'))).toMatchObject({
      status: 408,
      type: 'about:blank',
    });
    expect(parserProblemOf(error('HPE_INVALID_METHOD'))).toMatchObject({
      status: 400,
      title: 'Bad Request',
      detail: 'the request is not valid HTTP/1.1 (HPE_INVALID_METHOD)',
    });
  });
});
