import https from 'node:https';
import type { Sandbox } from './server';

/**
 * A `fetch` for Node that sends every request to the sandbox while keeping the real host name,
 * as Chromium's `--host-resolver-rules` does. Unit tests pass it to the API clients in place of
 * the browser's fetch; a dropped connection rejects with a TypeError, as fetch does.
 */
export function sandboxFetch(sandbox: Pick<Sandbox, 'port'>): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const headers: Record<string, string> = {};
    request.headers.forEach((value, key) => (headers[key] = value));
    headers.host = url.host;
    if (body) headers['content-length'] = String(body.length);

    return new Promise<Response>((resolve, reject) => {
      const signal = init?.signal ?? undefined;
      if (signal?.aborted) return reject(signal.reason ?? new DOMException('Aborted', 'AbortError'));
      const req = https.request(
        { host: '127.0.0.1', port: sandbox.port, servername: url.hostname, path: url.pathname + url.search, method: request.method, headers, rejectUnauthorized: false },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (error) => reject(new TypeError('fetch failed', { cause: error })));
          res.on('end', () => {
            const responseHeaders = new Headers();
            for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) responseHeaders.set(k, Array.isArray(v) ? v.join(', ') : v);
            const status = res.statusCode ?? 0;
            const noBody = status === 204 || status === 304 || request.method === 'HEAD';
            // The chunks as they came, not joined first: a Uint8Array body is copied again by Response, so a
            // joined one costs each answer three copies of its bytes, where a browser's fetch holds one.
            const stream = new ReadableStream<Uint8Array>({
              start(controller) {
                for (const chunk of chunks.splice(0)) controller.enqueue(chunk);
                controller.close();
              },
            });
            resolve(new Response(noBody ? null : stream, { status, headers: responseHeaders }));
          });
        },
      );
      req.on('error', (error) => reject(new TypeError('fetch failed', { cause: error })));
      signal?.addEventListener('abort', () => {
        req.destroy();
        reject(signal.reason ?? new DOMException('Aborted', 'AbortError'));
      });
      if (body) req.write(body);
      req.end();
    });
  };
}
