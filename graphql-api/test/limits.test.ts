import { loadConfig } from '../src/config/config';
import { ADMIN_TOKEN, startApi, TestApi } from './support/api';

const REDIS_URL = process.env.AGENTMON_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function limits(env: Record<string, string>) {
  return loadConfig(env).limits;
}

async function post(api: TestApi, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}`, ...headers },
    body,
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as { errors?: { message: string; extensions?: Record<string, unknown> }[] } };
}

describe('request limits', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi('sqlite', { limits: limits({ BODY_MAX_BYTES: '4096', QUERY_MAX_DEPTH: '4', QUERY_MAX_ALIASES: '3', QUERY_MAX_COST: '60', INTROSPECTION: 'false', CORS_ORIGINS: 'https://grafana.example.com', RATE_LIMIT_PER_SECOND: '1000', RATE_LIMIT_BURST: '1000' }) }, 'limits');
  });
  afterAll(() => api.close());

  it('refuses documents nested too deep, too costly or with too many aliases, before running them', async () => {
    const deep = await api.gql(`{ agentExecutions { nodes { toolExecutions { agentExecution { agent { name } } } } } }`);
    expect(deep.errors![0].message).toMatch(/depth/i);
    const aliases = await api.gql(`{ a: agents { totalCount } b: agents { totalCount } c: agents { totalCount } d: agents { totalCount } }`);
    expect(aliases.errors![0].message).toMatch(/alias/i);
    const costly = await api.gql(`{ agentStats { agents { summary { count success failure successRate avgDurationMs p50DurationMs p95DurationMs p99DurationMs inputTokens outputTokens totalTokens costUsd } } byModel { key label value summary { count costUsd } } } }`);
    expect(costly.errors![0].message).toMatch(/cost/i);
    expect((await api.gql(`{ agents { totalCount } }`)).errors).toBeUndefined();
  });

  it('answers a body over BODY_MAX_BYTES with 413 and malformed JSON with 400, as GraphQL errors', async () => {
    const large = await post(api, JSON.stringify({ query: `{ agents { totalCount } }`, variables: { pad: 'x'.repeat(5000) } }));
    expect(large.status).toBe(413);
    expect(large.body.errors![0].extensions).toEqual({ code: 'PAYLOAD_TOO_LARGE' });
    const garbage = await post(api, '{"query": ');
    expect(garbage.status).toBe(400);
    expect(garbage.body.errors![0].extensions).toEqual({ code: 'BAD_REQUEST' });
  });

  it('hides the schema when introspection is off', async () => {
    const response = await api.gql(`{ __schema { queryType { name } } }`);
    expect(response.errors![0].message).toMatch(/introspection/i);
  });

  it('lets only the configured browser origins call it', async () => {
    const allowed = await fetch(`${api.url}/graphql`, { method: 'OPTIONS', headers: { origin: 'https://grafana.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://grafana.example.com');
    const other = await post(api, JSON.stringify({ query: '{ agents { totalCount } }' }), { origin: 'https://evil.example.com' });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('CORS by default', () => {
  it('sends no CORS headers at all', async () => {
    const api = await startApi('sqlite', {}, 'cors');
    try {
      const response = await post(api, JSON.stringify({ query: '{ agents { totalCount } }' }), { origin: 'https://grafana.example.com' });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await api.close();
    }
  });
});

describe.each([
  ['in memory', {}],
  ['in Redis, shared by replicas', { REDIS_URL }],
])('rate limits per key %s', (_name, env: Record<string, string>) => {
  const apis: TestApi[] = [];
  beforeAll(async () => {
    const config = { limits: limits({ RATE_LIMIT_PER_SECOND: '2', RATE_LIMIT_BURST: '6', ...env }) };
    apis.push(await startApi('sqlite', config, 'rate'));
    // A second replica on the same database, sharing the budget only through Redis.
    apis.push(await startApi('sqlite', config, 'rate', { database: apis[0].database }));
  });
  afterAll(async () => {
    for (const api of apis.reverse()) await api.close();
  });

  it('answers 429 RATE_LIMITED with Retry-After past the rate and burst, per key', async () => {
    const key = (await apis[0].data(`mutation { createApiKey(name: "limited-${Date.now()}", role: READ) { token } }`)).createApiKey.token;
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 16; i++) {
      const api = env.REDIS_URL ? apis[i % 2] : apis[0];
      const response = await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query: '{ agents { totalCount } }' }),
      });
      statuses.push(response.status);
      if (response.status === 429) {
        retryAfter = response.headers.get('retry-after');
        expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('RATE_LIMITED');
      }
    }
    // 2 per second plus a burst of 6: about 8 pass within the first second, the rest wait.
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThanOrEqual(8);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(4);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    // Another key has its own budget.
    expect((await apis[0].gql('{ agents { totalCount } }')).status).toBe(200);
  });
});
