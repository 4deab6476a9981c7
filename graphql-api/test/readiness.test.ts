import { loadConfig } from '../src/config/config';
import { ADMIN_TOKEN, createTestDatabase, startApi, TestApi, TestDatabase } from './support/api';
import { make, singleDocument } from './support/events';
import { freePort, TcpProxy } from './support/tcp-proxy';

/**
 * The API starts, and stays up, while its MySQL database cannot be reached: /ready says so (503)
 * and GraphQL answers UNAVAILABLE (503); when the database is back it carries on by itself.
 * MariaDB is reached through a TCP proxy that the test switches off and on. (SQLite is a file
 * opened in-process: it has no outage to simulate; its /ready is covered in auth-and-http.)
 */
const REQUEST_TIMEOUT_MS = 2000;

describe('readiness on mysql, with the database behind a proxy', () => {
  let proxy: TcpProxy;
  let database: TestDatabase;
  let api: TestApi;

  beforeAll(async () => {
    proxy = new TcpProxy(await freePort());
    database = await createTestDatabase('mysql', 'ready');
    if (database.config.kind !== 'mysql') throw new Error('expected a MySQL database');
    const viaProxy = new URL(database.config.url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    // The proxy is not listening yet: the API starts with its database unreachable.
    const limits = loadConfig({
      RATE_LIMIT_PER_SECOND: '1000000',
      RATE_LIMIT_BURST: '10000000',
      REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
    }).limits;
    api = await startApi('mysql', { database: { kind: 'mysql', url: viaProxy.toString() }, limits }, 'ready', {
      database,
      waitForDatabase: false,
    });
  });
  afterAll(async () => {
    // The proxy first: it cuts connections a silenced network would keep hanging.
    await proxy?.stop();
    await api?.close();
    await database?.drop();
  });

  async function ready(): Promise<{ status: number; body: Record<string, any> }> {
    const response = await fetch(`${api.url}/ready`);
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }

  /** Polls /ready until it answers `status` (the API retries with a backoff of up to 5 s). */
  async function waitForReady(status: number, timeoutMs = 20_000): Promise<number> {
    const started = Date.now();
    for (;;) {
      if ((await ready()).status === status) return Date.now() - started;
      if (Date.now() - started > timeoutMs) throw new Error(`/ready did not answer ${status} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function post(query: string, variables?: Record<string, unknown>) {
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }

  const lookup = (requestId: string) =>
    post(`query($r: String!) { agentExecution(requestId: $r) { requestId status } }`, { r: requestId });

  it('while the database has never been reachable: /health 200, /ready 503, GraphQL 503 UNAVAILABLE', async () => {
    expect(proxy.listening).toBe(false);
    const health = await fetch(`${api.url}/health`);
    expect(health.status).toBe(200);

    const notReady = await ready();
    expect(notReady.status).toBe(503);
    expect(notReady.body).toMatchObject({ status: 'unavailable', database: { ok: false } });
    // /ready needs no token: it says nothing of where the database is or why it failed.
    expect(JSON.stringify(notReady.body)).not.toMatch(/\d+\.\d+\.\d+\.\d+|ECONN|connect|mysql/i);

    const query = await post('{ agentExecutions { totalCount } }');
    expect(query.status).toBe(503);
    expect(query.body.errors?.[0].extensions?.code).toBe('UNAVAILABLE');

    const mutation = await post(singleDocument('agentExecution', 'id'), { event: make.agentExecution() });
    expect(mutation.status).toBe(503);
    expect(mutation.body.errors?.[0].extensions?.code).toBe('UNAVAILABLE');
  });

  it('when the database comes up: /ready turns 200 and ingestion works, without a restart', async () => {
    await proxy.start();
    await waitForReady(200);
    expect(proxy.connections).toBeGreaterThan(0);
    const event = make.agentExecution({ status: 'RUNNING', finishedAt: null });
    const recorded = await post(singleDocument('agentExecution', 'id status'), { event });
    expect(recorded.status).toBe(200);
    expect(recorded.body.data?.recordAgentExecution?.status).toBe('RUNNING');
    expect((await lookup(event.requestId)).body.data.agentExecution).toEqual({
      requestId: event.requestId,
      status: 'RUNNING',
    });
  });

  it('when a connected database goes down: /ready 503, GraphQL UNAVAILABLE and nothing written; back up: carries on by itself', async () => {
    await proxy.stop();
    await waitForReady(503, 5_000);

    const lost = make.agentExecution();
    const during = await post(singleDocument('agentExecution', 'id'), { event: lost });
    expect({ status: during.status, code: during.body.errors?.[0].extensions?.code }).toEqual({
      status: 503,
      code: 'UNAVAILABLE',
    });
    const query = await post('{ agentExecutions { totalCount } }');
    expect({ status: query.status, code: query.body.errors?.[0].extensions?.code }).toEqual({
      status: 503,
      code: 'UNAVAILABLE',
    });

    await proxy.start();
    await waitForReady(200);
    const after = make.agentExecution();
    const recorded = await post(singleDocument('agentExecution', 'requestId'), { event: after });
    expect(recorded.status).toBe(200);
    expect(recorded.body.data?.recordAgentExecution).toEqual({ requestId: after.requestId });
    // The event sent during the outage was not half-written: it is simply not there.
    expect((await lookup(lost.requestId)).body.data.agentExecution).toBeNull();
  });

  it("when the network drops the database's packets: /ready and GraphQL answer 503 within seconds, not as long as the network", async () => {
    await waitForReady(200);
    proxy.silence();
    let started = Date.now();
    const notReady = await ready();
    expect({ status: notReady.status, fast: Date.now() - started < 3000 }).toEqual({ status: 503, fast: true });
    expect(JSON.stringify(notReady.body)).not.toMatch(/\d+\.\d+\.\d+\.\d+|ECONN|connect|mysql/i);
    started = Date.now();
    const [query, mutation] = await Promise.all([
      post('{ agentExecutions { totalCount } }'),
      post(singleDocument('agentExecution', 'id'), { event: make.agentExecution() }),
    ]);
    const elapsed = Date.now() - started;
    expect([query.status, query.body.errors?.[0].extensions?.code]).toEqual([503, 'UNAVAILABLE']);
    expect([mutation.status, mutation.body.errors?.[0].extensions?.code]).toEqual([503, 'UNAVAILABLE']);
    expect(elapsed).toBeLessThan(REQUEST_TIMEOUT_MS + 2000);
    // The network comes back (as new connections): the API carries on.
    await proxy.stop();
    await proxy.start();
    await waitForReady(200);
    expect((await post('{ agentExecutions { totalCount } }')).status).toBe(200);
  });
});
