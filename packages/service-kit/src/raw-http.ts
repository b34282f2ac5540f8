import { connect } from 'node:net';

// A request written byte for byte on a socket, for tests that must send exactly what a client such
// as curl sends (`curl -X POST -H 'content-type: application/json' URL` sends a content type and
// neither a length nor a body), which fetch and app.inject would complete with headers of their own.

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends one HTTP/1.1 request with exactly `headers` (plus Host and Connection: close). */
export function rawRequest(
  url: string,
  request: { method: string; headers?: Record<string, string>; body?: string },
): Promise<RawResponse> {
  const { hostname, port, pathname, search } = new URL(url);
  const lines = [
    `${request.method} ${pathname}${search} HTTP/1.1`,
    `host: ${hostname}:${port}`,
    'connection: close',
    ...Object.entries(request.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
  ];
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      try {
        resolve(parseResponse(Buffer.concat(chunks)));
      } catch (error) {
        reject(error);
      }
    });
    socket.write(`${lines.join('\r\n')}\r\n\r\n${request.body ?? ''}`);
  });
}

function parseResponse(raw: Buffer): RawResponse {
  const split = raw.indexOf('\r\n\r\n');
  if (split < 0) throw new Error(`not an HTTP response: ${JSON.stringify(raw.toString('utf8', 0, 200))}`);
  const [statusLine, ...headerLines] = raw.toString('latin1', 0, split).split('\r\n');
  const status = Number(statusLine!.split(' ')[1]);
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const payload = raw.subarray(split + 4);
  const body = headers['transfer-encoding'] === 'chunked' ? unchunk(payload) : payload;
  return { status, headers, body: body.toString('utf8') };
}

/** The payload of a chunked body (sizes count bytes, so this works on bytes, not text). */
function unchunk(payload: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = payload.indexOf('\r\n', at);
    const size = Number.parseInt(payload.toString('latin1', at, eol), 16);
    if (!size) return Buffer.concat(parts);
    parts.push(payload.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}
