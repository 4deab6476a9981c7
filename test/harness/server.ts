import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { HOST_DIST, PLUGIN_DIST } from './build';

/** A data source instance as Grafana stores it: settings the browser sees, and the secret it never does. */
export interface DataSourceInstance {
  uid: string;
  name: string;
  isDefault?: boolean;
  jsonData: { apiUrl: string };
  secureJsonData: { apiToken: string };
}

interface Route {
  path: string;
  method?: string;
  url: string;
  reqRole?: string;
  headers?: Array<{ name: string; content: string }>;
}

/** A request the proxy forwarded to the API, as the API received it. */
export interface ProxiedRequest {
  method: string;
  url: string;
  body?: string;
}

export interface HarnessServer {
  url: string;
  /** Every request the data source proxy forwarded, in order. */
  proxied: ProxiedRequest[];
  close(): Promise<void>;
}

const ROLES = ['Viewer', 'Editor', 'Admin'];

/** Grafana's route choice: the first route whose method (empty or * for any) and path prefix match. */
function matchRoute(routes: Route[], method: string, rest: string): Route | undefined {
  return routes.find(
    (r) =>
      (!r.method ||
        r.method === '*' ||
        r.method
          .split(',')
          .map((m) => m.trim())
          .includes(method)) &&
      (rest === r.path || rest.startsWith(`${r.path}/`) || rest.startsWith(`${r.path}?`))
  );
}

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

const STATIC: Array<[prefix: string, dir: string]> = [
  ['/public/plugins/agentmon-app/', PLUGIN_DIST],
  ['/public/build/img/', path.join(packageDir('@grafana/ui'), 'dist/public/img')],
  ['/harness/system.js', path.join(packageDir('systemjs'), 'dist/system.js')],
  ['/harness/amd.js', path.join(packageDir('systemjs'), 'dist/extras/amd.js')],
  ['/harness/', HOST_DIST],
];

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.html': 'text/html',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
};

/** Fills `{{ .JsonData.x }}` and `{{ .SecureJsonData.x }}` as Grafana's proxy fills a route. */
function fillTemplate(text: string, instance: DataSourceInstance): string {
  return text.replace(/\{\{\s*\.(JsonData|SecureJsonData)\.(\w+)\s*\}\}/g, (_, scope: string, key: string) => {
    const values: Record<string, string> = scope === 'JsonData' ? instance.jsonData : instance.secureJsonData;
    return values[key] ?? '';
  });
}

function sendFile(response: http.ServerResponse, file: string): void {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
    response.writeHead(404).end('Not found');
    return;
  }
  response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
  fs.createReadStream(file).pipe(response);
}

async function readBody(request: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Serves the host page and the built plugin as Grafana serves them, and plays Grafana's data
 * source proxy: `/api/datasources/proxy/uid/<uid>/<route path>/*` goes to the route's URL with the
 * route's headers filled from the instance's settings (the token never reaches the browser).
 */
export async function startHarnessServer(
  dataSources: DataSourceInstance[],
  userRole = 'Viewer'
): Promise<HarnessServer> {
  const proxied: ProxiedRequest[] = [];
  const appMeta = readJson(path.join(PLUGIN_DIST, 'plugin.json'));
  const dsMeta = readJson(path.join(PLUGIN_DIST, 'datasource/plugin.json'));
  const routes: Route[] = dsMeta.routes ?? [];
  const base = `public/plugins/${appMeta.id}`;
  const boot = {
    app: { ...appMeta, enabled: true, pinned: true, jsonData: {}, baseUrl: base, module: `${base}/module.js` },
    dataSources: dataSources.map((ds, index) => ({
      id: index + 1,
      uid: ds.uid,
      name: ds.name,
      type: dsMeta.id,
      access: 'proxy',
      url: `/api/datasources/proxy/uid/${ds.uid}`,
      isDefault: Boolean(ds.isDefault),
      readOnly: false,
      jsonData: ds.jsonData,
      secureJsonFields: Object.fromEntries(Object.keys(ds.secureJsonData).map((key) => [key, true])),
      meta: { ...dsMeta, baseUrl: `${base}/datasource`, module: `${base}/datasource/module.js` },
    })),
  };

  async function proxy(request: http.IncomingMessage, response: http.ServerResponse, uid: string, rest: string) {
    const instance = dataSources.find((ds) => ds.uid === uid);
    const method = request.method ?? 'GET';
    const route = matchRoute(routes, method, rest);
    // Grafana sends a path no route matches to the data source's own URL, which the Agentmon data
    // source does not have, and without the route's token: nothing reaches the API.
    if (!instance || !route) {
      response
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ message: `No route of the data source for ${method} ${rest}` }));
      return;
    }
    if (route.reqRole && ROLES.indexOf(userRole) < ROLES.indexOf(route.reqRole)) {
      response
        .writeHead(403, { 'content-type': 'application/json' })
        .end(JSON.stringify({ message: 'plugin proxy route access denied' }));
      return;
    }
    const target = fillTemplate(route.url, instance).replace(/\/$/, '') + rest.slice(route.path.length);
    const headers: Record<string, string> = { accept: request.headers.accept ?? '*/*' };
    if (request.headers['content-type']) {
      headers['content-type'] = request.headers['content-type'];
    }
    for (const header of route.headers ?? []) {
      headers[header.name.toLowerCase()] = fillTemplate(header.content, instance);
    }
    const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(request);
    proxied.push({ method, url: target, body });
    try {
      const upstream = await fetch(target, { method: request.method, headers, body });
      response.writeHead(upstream.status, {
        'content-type': upstream.headers.get('content-type') ?? 'application/octet-stream',
      });
      response.end(Buffer.from(await upstream.arrayBuffer()));
    } catch (error) {
      response
        .writeHead(502, { 'content-type': 'application/json' })
        .end(JSON.stringify({ message: `Bad Gateway: ${(error as Error).message}` }));
    }
  }

  const server = http.createServer((request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://harness');
    const proxied = /^\/api\/datasources\/proxy\/uid\/([^/]+)\/(.+)$/.exec(pathname);
    if (proxied) {
      proxy(
        request,
        response,
        proxied[1],
        proxied[2] + (request.url?.includes('?') ? request.url.slice(request.url.indexOf('?')) : '')
      ).catch((error: Error) => {
        response.writeHead(500).end(error.message);
      });
      return;
    }
    if (pathname === '/harness/boot.json') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(boot));
      return;
    }
    const entry = STATIC.find(([prefix]) => pathname.startsWith(prefix));
    if (entry) {
      const [prefix, target] = entry;
      const file = prefix.endsWith('/') ? path.join(target, pathname.slice(prefix.length)) : target;
      sendFile(response, file.startsWith(target) ? file : '');
      return;
    }
    // Every other path is a page of the single-page app, as in Grafana (whose fonts are not here).
    sendFile(response, pathname.startsWith('/public/') ? '' : path.join(HOST_DIST, 'index.html'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    proxied,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
