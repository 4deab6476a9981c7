import http from 'node:http';
import { AddressInfo } from 'node:net';

/** What one path of the test endpoints does. */
const BEHAVIOURS: Record<string, (response: http.ServerResponse, base: string) => void> = {
  '/healthy': (response) => response.end('{"status":"ok"}'),
  '/slow': (response) => void setTimeout(() => response.end('ok'), SLOW_MS),
  '/failing': (response) => {
    response.statusCode = 503;
    response.end('unavailable');
  },
  '/hanging': () => undefined,
  // Answers 200 at once, then a byte every 100 ms without end: the status came, the answer never completes.
  '/trickling': (response) => {
    response.writeHead(200);
    const timer = setInterval(() => response.write('.'), 100);
    response.once('close', () => clearInterval(timer));
  },
  '/redirecting': (response, base) => {
    response.writeHead(302, { location: `${base}/redirect-target` });
    response.end();
  },
  '/redirect-target': (response) => response.end('ok'),
  // Streams far more than a probe may read, and would go on for long.
  '/huge': (response) => {
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let sent = 0;
    const push = () => {
      while (sent < 64 && response.write(chunk)) sent++;
      if (sent >= 64) response.end();
      else response.once('drain', push);
    };
    push();
  },
};
export const SLOW_MS = 300;

export interface HealthEndpoints {
  base: string;
  /** The times (ms) each path was requested. */
  hits: Map<string, number[]>;
  close(): Promise<void>;
}

/** Real HTTP health endpoints that behave well and badly, listening on `host` (loopback). */
export async function startHealthEndpoints(host = '127.0.0.1'): Promise<HealthEndpoints> {
  const hits = new Map<string, number[]>(Object.keys(BEHAVIOURS).map((path) => [path, []]));
  let base = '';
  const server = http.createServer((request, response) => {
    const path = new URL(request.url ?? '/', base).pathname;
    const behaviour = BEHAVIOURS[path];
    if (!behaviour) {
      response.statusCode = 404;
      return response.end();
    }
    hits.get(path)!.push(Date.now());
    behaviour(response, base);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  base = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    base,
    hits,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
