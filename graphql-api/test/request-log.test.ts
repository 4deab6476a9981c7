import { Writable } from 'node:stream';
import pino from 'pino';
import { RunningServer, startServer } from '../src/app/server';
import { AppServices, createServices } from '../src/app/services';
import { loadConfig } from '../src/config/config';
import { ADMIN_TOKEN, createTestDatabase, TestDatabase } from './support/api';

/** Every request is logged as one JSON line carrying its request id, which is returned too. */
describe('request logs', () => {
  const lines: Record<string, any>[] = [];
  let database: TestDatabase;
  let services: AppServices;
  let server: RunningServer;
  beforeAll(async () => {
    database = await createTestDatabase('sqlite', 'request-log');
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    services = createServices(
      { ...loadConfig({}), adminToken: ADMIN_TOKEN, database: database.config },
      pino({ level: 'info' }, sink)
    );
    server = await startServer(services, 0, '127.0.0.1');
    await services.database.start();
  });
  afterAll(async () => {
    await server?.close();
    await services?.database.stop();
    await database?.drop();
  });

  const post = (headers: Record<string, string> = {}) =>
    fetch(`${server.url}/graphql?token=not-logged`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}`, ...headers },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
  const logged = (id: string) => lines.filter((line) => line.req?.id === id);

  it('honours a caller x-request-id, returns it, and logs the request with it (no headers, no query string)', async () => {
    const response = await post({ 'x-request-id': 'edge-7f3a.42' });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('edge-7f3a.42');
    const [line] = logged('edge-7f3a.42');
    expect(line).toMatchObject({
      level: 30,
      msg: 'request completed',
      req: { id: 'edge-7f3a.42', method: 'POST', path: '/graphql' },
      res: { statusCode: 200 },
    });
    expect(typeof line.responseTime).toBe('number');
    expect(JSON.stringify(line)).not.toMatch(new RegExp(`${ADMIN_TOKEN}|not-logged|authorization`, 'i'));
  });

  it('generates an id when there is none, or when the given one does not look like an id', async () => {
    const cases: Record<string, string>[] = [{}, { 'x-request-id': 'two words' }, { 'x-request-id': 'x'.repeat(200) }];
    for (const headers of cases) {
      const id = (await post(headers)).headers.get('x-request-id')!;
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(logged(id)).toHaveLength(1);
    }
  });

  it('logs client errors at warn, and probes and scrapes only at debug', async () => {
    const denied = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ __typename }"}',
    });
    expect(denied.status).toBe(401);
    expect(logged(denied.headers.get('x-request-id')!)[0]).toMatchObject({ level: 40, res: { statusCode: 401 } });
    for (const path of ['/health', '/ready', '/metrics']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status).toBe(200);
      expect(logged(response.headers.get('x-request-id')!)).toHaveLength(0);
    }
  });
});
