import { ADMIN_TOKEN, DIALECTS, startApi, TestApi } from './support/api';
import { countRows, make, singleDocument } from './support/events';

/** Every GraphQL request needs the bearer token; queries also work over GET; health and readiness do not need it. */
describe.each(DIALECTS)('authentication and HTTP on %s', (dialect) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi(dialect, {}, 'auth');
  });
  afterAll(() => api?.close());

  const QUERY = '{ agentExecutions(first: 5) { totalCount nodes { requestId } } }';

  async function post(headers: Record<string, string>, query: string, variables?: Record<string, unknown>) {
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }

  it.each([
    ['no Authorization header', {}],
    ['a wrong token', { authorization: 'Bearer wrong-token-0123456789' }],
    ['the right token with one character changed', { authorization: `Bearer ${ADMIN_TOKEN.slice(0, -1)}X` }],
    ['an empty bearer', { authorization: 'Bearer ' }],
    ['another scheme', { authorization: `Basic ${Buffer.from(`admin:${ADMIN_TOKEN}`).toString('base64')}` }],
    ['the token without a scheme', { authorization: ADMIN_TOKEN }],
  ])(
    '%s → HTTP 401 UNAUTHENTICATED, for queries and mutations, and nothing written',
    async (_, headers: Record<string, string>) => {
      const before = await countRows(api);
      const query = await post(headers, QUERY);
      expect(query.status).toBe(401);
      expect(query.body.data ?? null).toBeNull();
      expect(query.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

      const mutation = await post(headers, singleDocument('agentExecution', 'id'), { event: make.agentExecution() });
      expect(mutation.status).toBe(401);
      expect(mutation.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(await countRows(api)).toEqual(before);
    }
  );

  it('the admin token works, with any case of "Bearer"', async () => {
    const event = make.agentExecution();
    await api.data(singleDocument('agentExecution', 'id'), { event });
    const lower = await post({ authorization: `bearer ${ADMIN_TOKEN}` }, QUERY);
    expect(lower.status).toBe(200);
    expect(lower.body.data.agentExecutions.nodes).toContainEqual({ requestId: event.requestId });
  });

  it('GET /graphql?query=… answers queries with the token, and 401 without it', async () => {
    const event = make.agentExecution({ agent: 'get-agent' });
    await api.data(singleDocument('agentExecution', 'id'), { event });
    const query = `query($a: [String!]) { agentExecutions(filter: { agent: $a }) { totalCount nodes { requestId agent { name } } } }`;
    const url = `${api.url}/graphql?query=${encodeURIComponent(query)}&variables=${encodeURIComponent(JSON.stringify({ a: ['get-agent'] }))}`;

    const withToken = await fetch(url, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(withToken.status).toBe(200);
    expect(await withToken.json()).toEqual({
      data: {
        agentExecutions: { totalCount: 1, nodes: [{ requestId: event.requestId, agent: { name: 'get-agent' } }] },
      },
    });

    const without = await fetch(url);
    expect(without.status).toBe(401);
    expect(((await without.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('GET does not run mutations, even with the token, and writes nothing', async () => {
    const before = await countRows(api);
    const mutation = `mutation { recordLogin(event: { sessionId: "get-session", userId: "get-user", at: "2026-11-26T08:00:00Z" }) { id } }`;
    const response = await fetch(`${api.url}/graphql?query=${encodeURIComponent(mutation)}`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(await countRows(api)).toEqual(before);
  });

  it('/health and /ready answer without a token', async () => {
    const health = await fetch(`${api.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    const ready = await fetch(`${api.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', database: { ok: true } });
  });
});
