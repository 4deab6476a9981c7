import zlib from 'node:zlib';
import { diag, DiagLogLevel } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { ExportTraceServiceRequest, ExportTraceServiceResponse, RpcStatus } from '../src/otlp/otlp-proto';
import { loadConfig } from '../src/config/config';
import { ADMIN_TOKEN, startApi, TestApi } from './support/api';
import { exportSpans, makeSpans } from './support/otel';

const HOUR_AGO_NS = BigInt(Date.now() - 3_600_000) * 1_000_000n;
const ns = (offsetMs: number) => String(HOUR_AGO_NS + BigInt(offsetMs) * 1_000_000n);
const hex = (byte: number, bytes: number) => byte.toString(16).padStart(2, '0').repeat(bytes);

/** An OTLP/JSON span of a chat call, as the specification spells it (64-bit integers as strings). */
function jsonSpan(n: number, overrides: Record<string, unknown> = {}) {
  return {
    traceId: hex(n, 16),
    spanId: hex(n, 8),
    name: 'chat gpt-4o',
    kind: 3,
    startTimeUnixNano: ns(0),
    endTimeUnixNano: ns(1500),
    attributes: [
      { key: 'gen_ai.operation.name', value: { stringValue: 'chat' } },
      { key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o' } },
      { key: 'gen_ai.provider.name', value: { stringValue: 'openai' } },
      { key: 'gen_ai.agent.name', value: { stringValue: 'json-agent' } },
      { key: 'gen_ai.usage.input_tokens', value: { intValue: '1200' } },
      { key: 'gen_ai.usage.output_tokens', value: { intValue: 34 } },
      { key: 'gen_ai.usage.cost', value: { doubleValue: 0.5 } },
    ],
    ...overrides,
  };
}
const jsonRequest = (spans: unknown[]) => ({
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
      scopeSpans: [{ scope: { name: 't' }, spans }],
    },
  ],
});

interface Answer {
  status: number;
  retryAfter: string | null;
  contentType: string;
  body: Record<string, any>;
}

async function post(
  api: TestApi,
  body: Buffer | string,
  headers: Record<string, string>,
  token: string | null = ADMIN_TOKEN
): Promise<Answer> {
  const response = await fetch(`${api.url}/v1/traces`, {
    method: 'POST',
    body,
    headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  const raw = Buffer.from(await response.arrayBuffer());
  const contentType = response.headers.get('content-type') ?? '';
  const type = response.status === 200 ? ExportTraceServiceResponse : RpcStatus;
  const decoded = contentType.startsWith('application/x-protobuf')
    ? type.toObject(type.decode(raw), { longs: String })
    : JSON.parse(raw.toString('utf8'));
  return { status: response.status, retryAfter: response.headers.get('retry-after'), contentType, body: decoded };
}
const postJson = (api: TestApi, body: unknown, token?: string | null) =>
  post(api, JSON.stringify(body), { 'content-type': 'application/json' }, token);
const protobufOf = (body: unknown) =>
  Buffer.from(
    ExportTraceServiceRequest.encode(ExportTraceServiceRequest.fromObject(body as Record<string, unknown>)).finish()
  );

async function counts(api: TestApi): Promise<{ executions: number; spans: number }> {
  const [{ n: executions }] = await api.services.dataSource.query('SELECT COUNT(*) AS n FROM agent_executions');
  const [{ n: spans }] = await api.services.dataSource.query('SELECT COUNT(*) AS n FROM otlp_spans');
  return { executions: Number(executions), spans: Number(spans) };
}

describe('OTLP/HTTP: the answers the specification asks for', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi(
      'mysql',
      {
        limits: {
          ...loadConfig({ RATE_LIMIT_PER_SECOND: '1000000', RATE_LIMIT_BURST: '10000000' }).limits,
          bodyMaxBytes: 64 * 1024,
        },
      },
      'otlp_http'
    );
  });
  afterAll(() => api.close());

  it('OTLP/JSON with integers as strings and as numbers, gzip: tokens and the sent cost are kept exactly', async () => {
    const answer = await post(api, zlib.gzipSync(JSON.stringify(jsonRequest([jsonSpan(1)]))), {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    expect(answer).toMatchObject({ status: 200, contentType: expect.stringContaining('application/json'), body: {} });
    const { agentExecution } = await api.data(
      `{ agentExecution(requestId: "${hex(1, 16)}-${hex(1, 8)}") { inputTokens outputTokens costUsd unpriced durationMs agent { name } } }`
    );
    expect(agentExecution).toEqual({
      inputTokens: 1200,
      outputTokens: 34,
      costUsd: '0.5',
      unpriced: false,
      durationMs: 1500,
      agent: { name: 'json-agent' },
    });
  });

  it('protobuf: 64-bit integers (times, int attributes) decode exactly, never NaN; the answer is protobuf', async () => {
    const request = jsonRequest([
      { ...jsonSpan(2), traceId: Buffer.from(hex(2, 16), 'hex'), spanId: Buffer.from(hex(2, 8), 'hex') },
    ]);
    const answer = await post(api, zlib.gzipSync(protobufOf(request)), {
      'content-type': 'application/x-protobuf',
      'content-encoding': 'gzip',
    });
    expect(answer).toMatchObject({ status: 200, contentType: 'application/x-protobuf', body: {} });
    const { agentExecution } = await api.data(
      `{ agentExecution(requestId: "${hex(2, 16)}-${hex(2, 8)}") { inputTokens outputTokens startedAt durationMs } }`
    );
    expect(agentExecution).toEqual({
      inputTokens: 1200,
      outputTokens: 34,
      startedAt: new Date(Number(HOUR_AGO_NS / 1_000_000n)).toISOString(),
      durationMs: 1500,
    });
  });

  it('mixed valid and invalid spans: the valid ones are kept, partial_success counts the others exactly, in either encoding', async () => {
    const before = await counts(api);
    const spans = [
      jsonSpan(3),
      jsonSpan(4, { traceId: 'abc' }),
      jsonSpan(5, { endTimeUnixNano: undefined }),
      jsonSpan(6),
      jsonSpan(7, { spanId: '0000000000000000' }),
    ];
    const json = await postJson(api, jsonRequest(spans));
    expect(json.status).toBe(200);
    expect(json.body.partialSuccess.rejectedSpans).toBe('3');
    expect(json.body.partialSuccess.errorMessage).toMatch(
      /span 1: traceId must be 16 bytes.*span 2: endTimeUnixNano must be set.*span 4: spanId/
    );
    expect(await counts(api)).toEqual({ executions: before.executions + 2, spans: before.spans + 2 });

    const proto = await post(
      api,
      protobufOf(
        jsonRequest([
          { ...jsonSpan(8), traceId: Buffer.from(hex(8, 16), 'hex'), spanId: Buffer.from(hex(8, 8), 'hex') },
          { ...jsonSpan(9), traceId: Buffer.alloc(3), spanId: Buffer.from(hex(9, 8), 'hex') },
        ])
      ),
      { 'content-type': 'application/x-protobuf' }
    );
    expect(proto.body.partialSuccess).toEqual({
      rejectedSpans: '1',
      errorMessage: expect.stringContaining('span 1: traceId'),
    });
    expect(await counts(api)).toEqual({ executions: before.executions + 3, spans: before.spans + 3 });
  });

  it('a span whose record is refused (an agent name too long) counts as rejected and leaves nothing', async () => {
    const before = await counts(api);
    const long = jsonSpan(10, {
      attributes: [
        { key: 'gen_ai.operation.name', value: { stringValue: 'chat' } },
        { key: 'gen_ai.agent.name', value: { stringValue: 'a'.repeat(300) } },
      ],
    });
    const answer = await postJson(api, jsonRequest([long, jsonSpan(11)]));
    expect(answer.body.partialSuccess).toEqual({ rejectedSpans: '1', errorMessage: expect.stringContaining('agent') });
    expect(await counts(api)).toEqual({ executions: before.executions + 1, spans: before.spans + 1 });
  });

  it('the real exporter sees partial success (it logs the rejected count) and does not retry', async () => {
    const warnings: string[] = [];
    diag.setLogger(
      {
        warn: (...args: unknown[]) =>
          warnings.push(args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' ')),
        error: () => undefined,
        info: () => undefined,
        debug: () => undefined,
        verbose: () => undefined,
      },
      DiagLogLevel.WARN
    );
    try {
      const spans = makeSpans([
        {
          name: 'chat m',
          attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.agent.name': 'b'.repeat(300) },
          start: Date.now() - 5000,
          end: Date.now() - 4000,
        },
      ]);
      const result = await exportSpans('proto', api.url, ADMIN_TOKEN, spans);
      expect(result.code).toBe(ExportResultCode.SUCCESS);
      expect(warnings.join('\n')).toMatch(/rejectedSpans.*1/);
    } finally {
      diag.disable();
    }
  });

  it.each([
    [
      'bad protobuf',
      Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]),
      { 'content-type': 'application/x-protobuf' },
      400,
    ],
    ['bad JSON', Buffer.from('{"resourceSpans": [', 'utf8'), { 'content-type': 'application/json' }, 400],
    [
      'JSON of the wrong shape',
      Buffer.from('{"resourceSpans": {"a": 1}}', 'utf8'),
      { 'content-type': 'application/json' },
      400,
    ],
    [
      'bad gzip',
      Buffer.from('not gzip at all'),
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      400,
    ],
    [
      'an unknown encoding',
      Buffer.from('{}'),
      { 'content-type': 'application/json', 'content-encoding': 'zstd-ish' },
      415,
    ],
    ['a wrong content type', Buffer.from('{}'), { 'content-type': 'text/plain' }, 415],
    [
      'an oversized body',
      Buffer.from(JSON.stringify(jsonRequest(Array.from({ length: 200 }, (_, i) => jsonSpan(i + 20))))),
      { 'content-type': 'application/json' },
      413,
    ],
    [
      'an oversized body once inflated',
      zlib.gzipSync(JSON.stringify(jsonRequest(Array.from({ length: 200 }, (_, i) => jsonSpan(i + 20))))),
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      413,
    ],
  ])('%s: a coded Status answer, nothing kept, no 500', async (_label, body, headers, status) => {
    const before = await counts(api);
    const answer = await post(api, body as Buffer, headers as Record<string, string>);
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual({ code: expect.any(Number), message: expect.any(String) });
    expect(answer.body.message.length).toBeGreaterThan(10);
    expect(await counts(api)).toEqual(before);
  });

  it('authentication as for GraphQL: 401 without or with a bad token, 403 for a READ key, 200 for an INGEST key', async () => {
    const body = jsonRequest([jsonSpan(60)]);
    expect((await postJson(api, body, null)).status).toBe(401);
    expect((await postJson(api, body, 'not-a-token')).status).toBe(401);
    const keys = await api.data(
      `mutation { read: createApiKey(name: "otlp-read", role: READ) { token } ingest: createApiKey(name: "otlp-ingest", role: INGEST) { token } }`
    );
    const before = await counts(api);
    const forbidden = await postJson(api, body, keys.read.token);
    expect(forbidden).toMatchObject({ status: 403, body: { code: 7, message: expect.stringContaining('INGEST') } });
    expect(await counts(api)).toEqual(before);
    expect((await postJson(api, body, keys.ingest.token)).status).toBe(200);
  });
});

describe('OTLP/HTTP under back-pressure', () => {
  it('over the rate limit: 429 with Retry-After', async () => {
    const api = await startApi(
      'sqlite',
      { limits: { ...loadConfig().limits, ratePerSecond: 1, rateBurst: 1 } },
      'otlp_rate'
    );
    try {
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await postJson(api, jsonRequest([jsonSpan(70 + i)])));
      const limited = answers.filter((answer) => answer.status === 429);
      expect(limited.length).toBeGreaterThan(0);
      expect(limited.every((answer) => Number(answer.retryAfter) >= 1 && answer.body.code === 8)).toBe(true);
    } finally {
      await api.close();
    }
  });

  it('more exports at once than OTLP_MAX_CONCURRENT_EXPORTS: 503 with Retry-After for the excess, the rest kept', async () => {
    const api = await startApi('mysql', { otlp: { pricesFile: undefined, maxConcurrentExports: 1 } }, 'otlp_busy');
    try {
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, i) => postJson(api, jsonRequest([jsonSpan(80 + i)])))
      );
      const busy = answers.filter((answer) => answer.status === 503);
      expect(busy.length).toBeGreaterThan(0);
      expect(busy.every((answer) => answer.retryAfter === '1' && answer.body.code === 14)).toBe(true);
      expect((await counts(api)).executions).toBe(answers.filter((answer) => answer.status === 200).length);
    } finally {
      await api.close();
    }
  });
});
