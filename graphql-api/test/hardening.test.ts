import zlib from 'node:zlib';
import { install } from '@sinonjs/fake-timers';
import { loadConfig } from '../src/config/config';
import { ADMIN_TOKEN, DIALECTS, startApi, TestApi } from './support/api';
import { INGEST, make, singleDocument, uid } from './support/events';
import { chartsQuery } from './support/noisy';

// The reproductions of the second security review, each one refused now (see the README's
// "Security" section for every limit, its default and why).

function limits(env: Record<string, string>) {
  return loadConfig({
    RATE_LIMIT_PER_SECOND: '1000000',
    RATE_LIMIT_BURST: '10000000',
    AUTH_FAILURES_PER_MINUTE: '1000000',
    ...env,
  }).limits;
}

async function raw(api: TestApi, body: Buffer | string, headers: Record<string, string>) {
  const response = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...headers },
    body,
  });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type') ?? '', text };
}

describe.each(DIALECTS)('hardening on %s', (dialect) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi(dialect, { limits: limits({ INTROSPECTION: 'false' }) }, 'harden');
  });
  afterAll(() => api.close());

  it('refuses a request whose statistics cost more than QUERY_MAX_COST, before running it', async () => {
    const heavy = await api.gql(chartsQuery(30));
    expect(heavy.status).toBe(400);
    expect(heavy.errors![0].extensions!.code).toBe('QUERY_TOO_COMPLEX');
    expect(heavy.errors![0].message).toMatch(/cost is \d+, over the limit of 25000/);
    // One such chart is what a dashboard asks for: it runs.
    const one = await api.gql(chartsQuery(1));
    expect(one.errors).toBeUndefined();
    expect(one.data!.c0.times.length).toBeGreaterThan(1990);
  });

  it('counts aliases of __typename against QUERY_MAX_ALIASES, and a long document against QUERY_MAX_TOKENS with a 400', async () => {
    const aliases = await api.gql(`{ ${Array.from({ length: 31 }, (_, i) => `t${i}: __typename`).join(' ')} }`);
    expect(aliases.status).toBe(400);
    expect(aliases.errors![0].extensions!.code).toBe('QUERY_TOO_COMPLEX');
    expect(aliases.errors![0].message).toMatch(/31 aliases/);
    const tokens = await api.gql(`{ ${Array.from({ length: 6000 }, () => `a`).join(' ')} }`);
    expect(tokens.status).toBe(400);
    expect(tokens.errors![0].extensions!.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(tokens.errors![0].message).toMatch(/more tha. 5000 tokens/);
    const syntax = await api.gql(`{ agents { totalCount }`);
    expect([syntax.status, syntax.errors![0].extensions!.code]).toEqual([400, 'GRAPHQL_PARSE_FAILED']);
    const long = await api.gql(`{ agents { totalCount } }${' '.repeat(70_000)}`);
    expect([long.status, long.errors![0].extensions!.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
  });

  it('takes one ingest field per operation, so BATCH_MAX_EVENTS cannot be multiplied by aliases', async () => {
    const requestId = uid('req');
    const events = [{ agentExecution: make.agentExecution({ requestId }) }];
    const response = await api.gql(
      `mutation($e: [EventInput!]!) { a: ingest(events: $e) { accepted } b: ingest(events: $e) { accepted } }`,
      { e: events }
    );
    expect(response.status).toBe(400);
    expect(response.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ingest' });
    const stored = await api.gql(`query($r: String!) { agentExecution(requestId: $r) { id } }`, { r: requestId });
    expect(stored.data!.agentExecution).toBeNull();
  });

  it('gives an INGEST key ids, status and errors back, never stored payloads or users', async () => {
    const token = (await api.data(`mutation { createApiKey(name: "${uid('ingest')}", role: INGEST) { token } }`))
      .createApiKey.token;
    const event = make.agentExecution({
      userId: uid('user'),
      input: '{"secret":"prompt"}',
      output: '{"secret":"answer"}',
    });
    const replay = await api.gql(
      singleDocument('agentExecution', 'id status inputPayload outputPayload user { email }'),
      { event },
      token
    );
    expect(replay.status).toBe(403);
    expect(JSON.stringify(replay)).not.toMatch(/secret/);
    expect(replay.errors!.map((error) => error.extensions!.code)).toEqual(expect.arrayContaining(['FORBIDDEN']));
    const allowed = await api.gql(singleDocument('agentExecution', 'id requestId status'), { event }, token);
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data!.recordAgentExecution.status).toBe('SUCCESS');
    const batch = await api.gql(INGEST, { events: [{ agentExecution: event }] }, token);
    expect(batch.errors).toBeUndefined();
    // An admin still reads everything an answer holds.
    const admin = await api.gql(singleDocument('agentExecution', 'inputPayload'), { event });
    expect(admin.data!.recordAgentExecution.inputPayload).toContain('prompt');
  });

  it('limits every list argument, naming the argument and the limit', async () => {
    const names = Array.from({ length: 40_000 }, (_, i) => `agent-${i}`);
    const response = await api.gql(
      `query($a: [String!]) { summary(metric: AGENT_EXECUTIONS, filter: { agent: $a }) { count } }`,
      { a: names }
    );
    expect(response.status).toBe(200);
    expect(response.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.agent' });
    expect(response.errors![0].message).toMatch(/40000 items; at most 1000 \(LIST_MAX_ITEMS\)/);
    const kinds = await api.gql(`query($k: [ActivityKind!]) { activity(kinds: $k) { pageInfo { hasNextPage } } }`, {
      k: Array(1001).fill('LOGIN'),
    });
    expect(kinds.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'kinds' });
  });

  it('suggests no names of the schema when introspection is off', async () => {
    const enumValue = await api.gql(`{ summary(metric: AGENT_EXECUTION) { count } }`);
    const field = await api.gql(`{ agentz { totalCount } }`);
    const variable = await api.gql(`query($m: StatsMetric!) { summary(metric: $m) { count } }`, {
      m: 'AGENT_EXECUTION',
    });
    for (const response of [enumValue, field, variable]) {
      expect(response.errors![0].extensions!.code).toMatch(/GRAPHQL_VALIDATION_FAILED|BAD_USER_INPUT/);
      expect(response.errors![0].message).not.toMatch(/did you mean|AGENT_EXECUTIONS|agents/i);
    }
  });

  it('makes names that look alike one name, and takes decimals without spaces only', async () => {
    const composed = 'caf\u00e9';
    for (const agent of [composed, 'cafe\u0301', 'caf\u00e9\u200b', '\u200bcaf\u00e9\u00a0']) {
      const response = await api.gql(singleDocument('agentExecution', 'agent { name }'), {
        event: make.agentExecution({ agent }),
      });
      expect(response.data!.recordAgentExecution.agent.name).toBe(composed);
    }
    const agents = await api.data(`query($n: String!) { agent(name: $n) { name } }`, { n: composed });
    expect(agents.agent.name).toBe(composed);
    // Filters are read as events are stored: a name that looks the same finds the same records.
    for (const n of ['cafe\u0301', ' caf\u00e9\u200b']) {
      const found = await api.data(
        `query($n: [String!]!) { agentExecutions(filter: { agent: $n }) { totalCount } summary(metric: AGENT_EXECUTIONS, filter: { agent: $n }, range: { from: "2026-11-26T00:00:00Z", to: "2026-11-27T00:00:00Z" }) { count } }`,
        { n: [n] }
      );
      expect(found).toEqual({ agentExecutions: { totalCount: 4 }, summary: { count: 4 } });
    }
    for (const costUsd of [' 0.5', '0.5 ', '\t1']) {
      const response = await api.gql(singleDocument('agentExecution', 'id'), {
        event: make.agentExecution({ costUsd }),
      });
      expect(response.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'event.costUsd' });
    }
  });

  it('answers every body error as coded JSON, with no stack trace', async () => {
    const body = JSON.stringify({ query: '{ agents { totalCount } }' });
    const cases: [string, Buffer | string, Record<string, string>, number, string][] = [
      ['latin1 charset', body, { 'content-type': 'application/json; charset=latin1' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
      [
        'broken gzip',
        Buffer.concat([zlib.gzipSync(body).subarray(0, 20), Buffer.from('garbage')]),
        { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        400,
        'BAD_REQUEST',
      ],
      [
        'unknown encoding',
        body,
        { 'content-type': 'application/json', 'content-encoding': 'br2' },
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
      ['text body', body, { 'content-type': 'text/plain' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['form body', 'query=x', { 'content-type': 'application/x-www-form-urlencoded' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['not JSON', '{"query": ', { 'content-type': 'application/json' }, 400, 'BAD_REQUEST'],
    ];
    for (const [name, payload, headers, status, code] of cases) {
      const response = await raw(api, payload, headers);
      expect([name, response.status, response.type]).toEqual([
        name,
        status,
        expect.stringContaining('application/json'),
      ]);
      expect([name, JSON.parse(response.text).errors[0].extensions.code]).toEqual([name, code]);
      expect(response.text).not.toMatch(/<html|<pre>|\bat \w+ \(/i);
    }
    const missing = await fetch(`${api.url}/nowhere`);
    expect([
      missing.status,
      ((await missing.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code,
    ]).toEqual([404, 'NOT_FOUND']);
  });

  if (dialect === 'sqlite') {
    it('writes SQLite with synchronous=FULL, so an acknowledged batch survives a power loss', async () => {
      const [row] = await api.services.dataSource.query('PRAGMA synchronous');
      expect(row.synchronous).toBe(2);
    });
  } else {
    it('stops a statement on MariaDB after DB_STATEMENT_TIMEOUT_MS', async () => {
      // Stopped at the 5 s default, long before the sleep's end (a loaded machine ran 7 s once).
      const started = Date.now();
      await expect(api.services.dataSource.query('SELECT SLEEP(20)')).rejects.toMatchObject({ errno: 1969 });
      expect(Date.now() - started).toBeLessThan(15_000);
    });
  }
});

/** A GraphQL request with an unknown token, maybe through a proxy naming the client; its HTTP status. */
async function guess(api: TestApi, forwardedFor?: string): Promise<number> {
  const response = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${uid('amk_guess')}`,
      ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
    },
    body: JSON.stringify({ query: '{ agents { totalCount } }' }),
  });
  return response.status;
}

/** An empty OTLP/JSON export with `token`; its status and Retry-After. */
async function exportTraces(api: TestApi, token: string) {
  const response = await fetch(`${api.url}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ resourceSpans: [] }),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after') };
}

describe('failed authentications', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi('sqlite', { limits: limits({ AUTH_FAILURES_PER_MINUTE: '20' }) }, 'authfail');
  });
  afterAll(() => api.close());

  it('cache no unknown token and are limited per client address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++)
      statuses.push((await api.gql('{ agents { totalCount } }', {}, `amk_random_${i}_${Date.now()}`)).status);
    expect(statuses.slice(0, 20).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(21).every((status) => status === 429)).toBe(true);
    const blocked = await api.gql('{ agents { totalCount } }', {}, 'amk_another');
    expect(blocked.errors![0].extensions!.code).toBe('RATE_LIMITED');
    expect(api.services.auth.cachedKeys).toBe(0);
    // X-Forwarded-For names no client unless TRUST_PROXY says whose to believe: a guesser cannot
    // escape the limit by naming a new address on every request.
    expect(await guess(api, '198.51.100.1')).toBe(429);
  });
});

describe('failed authentications when the wall clock steps back', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi('sqlite', { limits: limits({ AUTH_FAILURES_PER_MINUTE: '5' }) }, 'authfail_clock');
  });
  afterAll(() => api.close());

  it('lock no client out: the buckets refill on a clock that never goes back', async () => {
    expect(await guess(api)).toBe(401);
    // An hour back, as a time correction may set it: a bucket on the wall clock would owe an hour.
    const clock = install({ now: Date.now() - 3_600_000, shouldAdvanceTime: true, toFake: ['Date'] });
    try {
      expect(await guess(api)).toBe(401);
      expect((await api.gql('{ agents { totalCount } }')).errors).toBeUndefined();
    } finally {
      clock.uninstall();
    }
  });
});

describe('failed authentications on the OTLP receiver', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi('sqlite', { limits: limits({ AUTH_FAILURES_PER_MINUTE: '5' }) }, 'authfail_otlp');
  });
  afterAll(() => api.close());

  it('count against the address like GraphQL ones, and then are refused with 429 and Retry-After', async () => {
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await exportTraces(api, uid('amk_guess')));
    expect(answers.slice(0, 5).map((answer) => answer.status)).toEqual([401, 401, 401, 401, 401]);
    expect(answers.slice(6).map((answer) => answer.status)).toEqual([429, 429]);
    expect(Number(answers[7].retryAfter)).toBeGreaterThan(0);
    // One budget per address for both ways in: the GraphQL endpoint is closed to it as well.
    expect(await guess(api)).toBe(429);
  });
});

describe('failed authentications behind a trusted proxy (TRUST_PROXY)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi(
      'sqlite',
      { limits: limits({ AUTH_FAILURES_PER_MINUTE: '5', TRUST_PROXY: 'loopback' }) },
      'authfail_proxy'
    );
  });
  afterAll(() => api.close());

  it('are counted against the client the proxy names, so one guesser does not lock out the others', async () => {
    const guesser = [];
    for (let i = 0; i < 8; i++) guesser.push(await guess(api, '203.0.113.7'));
    expect(guesser.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(guesser.slice(6)).toEqual([429, 429]);
    // Another client behind the same proxy still authenticates, and still gets 401 for a bad token.
    const other = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${ADMIN_TOKEN}`,
        'x-forwarded-for': '203.0.113.8',
      },
      body: JSON.stringify({ query: '{ agents { totalCount } }' }),
    });
    expect(other.status).toBe(200);
    expect(await guess(api, '203.0.113.8')).toBe(401);
  });
});

describe('TRUST_PROXY', () => {
  it('takes a hop count or proxy addresses, subnets and names', () => {
    expect(loadConfig({}).limits.trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).limits.trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).limits.trustProxy).toEqual(['loopback', '10.0.0.0/8']);
  });

  it('refuses trusting every client, and addresses it cannot read, naming the setting', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY=true would let any client name its own/);
    expect(() => loadConfig({ TRUST_PROXY: 'proxy.example' })).toThrow(/TRUST_PROXY must be a hop count/);
  });
});
