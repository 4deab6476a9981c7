import Redis from 'ioredis';
import { Role } from '../src/auth/api-key.entity';
import { loadConfig } from '../src/config/config';
import { ADMIN_TOKEN, startApi, TestApi } from './support/api';
import { freePort, TcpProxy } from './support/tcp-proxy';

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
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as { errors?: { message: string; extensions?: Record<string, unknown> }[] },
  };
}

describe('request limits', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi(
      'sqlite',
      {
        limits: limits({
          BODY_MAX_BYTES: '4096',
          QUERY_MAX_DEPTH: '4',
          QUERY_MAX_ALIASES: '3',
          QUERY_MAX_COST: '60',
          INTROSPECTION: 'false',
          CORS_ORIGINS: 'https://grafana.example.com',
          RATE_LIMIT_PER_SECOND: '1000',
          RATE_LIMIT_BURST: '1000',
        }),
      },
      'limits'
    );
  });
  afterAll(() => api.close());

  it('refuses documents nested too deep, too costly or with too many aliases, before running them', async () => {
    const deep = await api.gql(
      `{ agentExecutions { nodes { toolExecutions { agentExecution { agent { name } } } } } }`
    );
    expect(deep.errors![0].message).toMatch(/depth/i);
    const aliases = await api.gql(
      `{ a: agents { totalCount } b: agents { totalCount } c: agents { totalCount } d: agents { totalCount } }`
    );
    expect(aliases.errors![0].message).toMatch(/alias/i);
    const costly = await api.gql(
      `{ agentStats { agents { summary { count success failure successRate avgDurationMs p50DurationMs p95DurationMs p99DurationMs inputTokens outputTokens totalTokens costUsd } } byModel { key label value summary { count costUsd } } } }`
    );
    expect(costly.errors![0].message).toMatch(/cost/i);
    expect((await api.gql(`{ agents { totalCount } }`)).errors).toBeUndefined();
  });

  it('answers a body over BODY_MAX_BYTES with 413 and malformed JSON with 400, as GraphQL errors', async () => {
    const large = await post(
      api,
      JSON.stringify({ query: `{ agents { totalCount } }`, variables: { pad: 'x'.repeat(5000) } })
    );
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
    const allowed = await fetch(`${api.url}/graphql`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://grafana.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://grafana.example.com');
    const other = await post(api, JSON.stringify({ query: '{ agents { totalCount } }' }), {
      origin: 'https://evil.example.com',
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('CORS by default', () => {
  it('sends no CORS headers at all', async () => {
    const api = await startApi('sqlite', {}, 'cors');
    try {
      const response = await post(api, JSON.stringify({ query: '{ agents { totalCount } }' }), {
        origin: 'https://grafana.example.com',
      });
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
    const key = (await apis[0].data(`mutation { createApiKey(name: "limited-${Date.now()}", role: READ) { token } }`))
      .createApiKey.token;
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    const started = performance.now();
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
        expect(
          ((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code
        ).toBe('RATE_LIMITED');
      }
    }
    const seconds = (performance.now() - started) / 1000;
    // A bucket of 6 refilled at 2 per second: 6 pass at once, and no more than the refill over the
    // time the requests took (on a busy machine, 16 requests may take over a second).
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThanOrEqual(6);
    expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(6 + Math.floor(2 * seconds));
    expect(statuses.slice(0, 6)).toEqual(Array(6).fill(200));
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    // Another key has its own budget.
    expect((await apis[0].gql('{ agents { totalCount } }')).status).toBe(200);
  });

  it('lets a key through at the configured rate, sustained, within 10 %', async () => {
    const key = (await apis[0].data(`mutation { createApiKey(name: "sustained-${Date.now()}", role: READ) { token } }`))
      .createApiKey.token;
    const passed: number[] = [];
    const started = Date.now();
    // Two clients (on both replicas with Redis) as fast as they can for 4 s; the bucket of 6 is
    // spent within the first moments, then only the refill (2 per second) passes.
    await Promise.all(
      apis.map(async (api) => {
        while (Date.now() - started < 4000) {
          const response = await fetch(`${(env.REDIS_URL ? api : apis[0]).url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
            body: JSON.stringify({ query: '{ agents { totalCount } }' }),
          });
          if (response.status === 200) passed.push(Date.now() - started);
          await response.arrayBuffer();
        }
      })
    );
    const sustained = passed.filter((ms) => ms >= 1000).length / 3;
    expect(passed.filter((ms) => ms < 500).length).toBeGreaterThanOrEqual(6);
    expect(sustained).toBeGreaterThanOrEqual(2 * 0.9);
    expect(sustained).toBeLessThanOrEqual(2 * 1.1 + 1 / 3);
  });
});

describe('rate limits while Redis is away', () => {
  let proxy: TcpProxy;
  let api: TestApi;
  let other: TestApi;
  const prefix = `agentmon-test-${process.pid}-${Date.now()}`;

  beforeAll(async () => {
    proxy = new TcpProxy(await freePort(), { host: '127.0.0.1', port: Number(new URL(REDIS_URL).port || 6379) });
    await proxy.start();
    api = await startApi(
      'sqlite',
      {
        limits: limits({
          RATE_LIMIT_PER_SECOND: '1',
          RATE_LIMIT_BURST: '3',
          REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
          REDIS_KEY_PREFIX: prefix,
          // A loaded machine (the whole CI at once) can hold a command past 250 ms, and a
          // timed-out command limits on this replica's own bucket: the burst test would count it.
          REDIS_TIMEOUT_MS: '2000',
        }),
      },
      'redis'
    );
    // Another deployment on the same Redis, with its own prefix (and database).
    other = await startApi(
      'sqlite',
      {
        limits: limits({
          RATE_LIMIT_PER_SECOND: '1',
          RATE_LIMIT_BURST: '3',
          REDIS_URL,
          REDIS_KEY_PREFIX: `${prefix}-other`,
        }),
      },
      'redis2'
    );
  });
  afterAll(async () => {
    await api?.close();
    await other?.close();
    await proxy?.stop();
  });

  async function metric(name: string): Promise<number> {
    const text = await (await fetch(`${api.url}/metrics`)).text();
    return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
  }

  async function timed(target: TestApi, token = ADMIN_TOKEN) {
    const started = performance.now();
    const response = await target.gql('{ agents { totalCount } }', {}, token);
    return { status: response.status, ms: performance.now() - started };
  }

  /**
   * Burst 3 at 1/s: eight requests at once get at most 3 through plus what refilled meanwhile (a
   * loaded machine may take a second or two to answer them all), and the rest 429.
   */
  async function expectBurstOfThree(target: TestApi, token = ADMIN_TOKEN) {
    const started = performance.now();
    const statuses = (await Promise.all(Array.from({ length: 8 }, () => timed(target, token)))).map((r) => r.status);
    const refilled = Math.ceil((performance.now() - started) / 1000);
    expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(3 + refilled);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(8 - 3 - refilled);
    expect(statuses.filter((status) => status !== 200 && status !== 429)).toEqual([]);
  }

  it('keeps deployments apart by key prefix', async () => {
    // Until Redis is connected, requests limit on this replica's own buckets: a burst over the
    // moment it connects would pass three on each.
    for (const until = Date.now() + 10_000; Date.now() < until;) {
      if ((await metric('agentmon_rate_limit_store_up')) === 1) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await metric('agentmon_rate_limit_store_up')).toBe(1);
    await expectBurstOfThree(api);
    // The same admin token on the other deployment has its own bucket in the same Redis.
    expect((await timed(other)).status).toBe(200);
    const redis = new Redis(REDIS_URL);
    try {
      expect(await redis.keys(`${prefix}:rate:*`)).toHaveLength(1);
      expect(await redis.keys(`${prefix}-other:rate:*`)).toHaveLength(1);
    } finally {
      redis.disconnect();
    }
  });

  it('fails open at once while Redis is away, with a metric, and goes back to it when it returns', async () => {
    expect(await metric('agentmon_rate_limit_store_up')).toBe(1);
    await proxy.stop();
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await timed(api, await newKey()));
    expect(answers.map((answer) => [answer.status, answer.ms < 1000])).toEqual(Array(3).fill([200, true]));
    expect(await metric('agentmon_rate_limit_store_up')).toBe(0);
    expect(await metric('agentmon_rate_limit_store_failures_total')).toBeGreaterThanOrEqual(1);
    // Meanwhile this replica limits on its own: its bucket of 3 still holds.
    const key = await newKey();
    await expectBurstOfThree(api, key);
    await proxy.start();
    for (
      const until = Date.now() + 10_000;
      Date.now() < until && (await metric('agentmon_rate_limit_store_up')) !== 1;
    ) {
      await timed(api, await newKey());
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(await metric('agentmon_rate_limit_store_up')).toBe(1);
  });

  /** A fresh key (so a fresh bucket), made without spending the admin token's budget. */
  async function newKey(): Promise<string> {
    return (await api.services.auth.createKey(`key ${Math.random()}`, Role.READ, null)).token;
  }
});
