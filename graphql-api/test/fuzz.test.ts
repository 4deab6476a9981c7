import fc from 'fast-check';
import { DIALECTS, GraphQLResponse, startApi, TestApi } from './support/api';
import { AcceptedLedger } from './support/accepted-ledger';
import { Event, EventKind, INGEST, make, SINGLE, singleDocument, uid } from './support/events';
import { batchEntry, kindedEvent } from './support/fuzz-events';
import { Abuse, abuse, RawRequest, rawRequest } from './support/fuzz-requests';

/**
 * Fuzzing ingestion over HTTP, on each database: random and malformed events (in batches and
 * one by one) and random HTTP requests and GraphQL documents. Whatever comes in, the API keeps
 * answering, answers client mistakes as such (never HTTP 500 or INTERNAL_SERVER_ERROR), and the
 * database ends up holding exactly what it said it accepted.
 *
 * A failure prints fast-check's seed and the shrunk input; FUZZ_SEED=<seed> replays the run.
 */
const RUNS = { batches: 110, singles: 350, requests: 350, abuse: 120 };
const PARAMETERS: fc.Parameters<unknown> = process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {};
const EVENT_ERRORS = ['BAD_USER_INPUT', 'NOT_FOUND'];

/** A request refused whole by GraphQL (a value of the wrong type): HTTP 400 and nothing else. */
function expectCoercionError(answer: GraphQLResponse): void {
  expect(answer.status).toBe(400);
  expect(answer.data).toBeUndefined();
  expect(answer.errors?.length).toBeGreaterThan(0);
  for (const error of answer.errors!) expect(error.extensions?.code).toBe('BAD_USER_INPUT');
}

describe.each(DIALECTS)('fuzzing ingestion on %s', (dialect) => {
  let api: TestApi;
  const ledger = new AcceptedLedger();

  beforeAll(async () => {
    api = await startApi(dialect, {}, 'fuzz');
  });
  afterAll(() => api?.close());
  afterEach(async () => {
    // The process is alive and serving after each round.
    expect((await fetch(`${api.url}/health`)).status).toBe(200);
  });

  it('answers every random batch event by event, never with a server error', async () => {
    const property = fc.asyncProperty(fc.array(batchEntry, { minLength: 1, maxLength: 30 }), async (events) => {
      const answer = await api.gql(INGEST, { events });
      if (answer.status !== 200) return expectCoercionError(answer);
      expect(answer.errors).toBeUndefined();
      const { accepted, rejected, results } = answer.data!.ingest as {
        accepted: number;
        rejected: number;
        results: {
          index: number;
          kind: EventKind | null;
          accepted: boolean;
          id: string | null;
          error: { code: string; field: string } | null;
        }[];
      };
      expect(results.map((r) => r.index)).toEqual(events.map((_, i) => i));
      expect([accepted, rejected]).toEqual([
        results.filter((r) => r.accepted).length,
        results.filter((r) => !r.accepted).length,
      ]);
      for (const result of results) {
        if (result.accepted) {
          expect(result.id).toMatch(/^\d+$/);
          ledger.record(result.kind!, (events[result.index] as Record<string, Event>)[result.kind!], result.id!);
        } else {
          ledger.rejected += 1;
          expect(EVENT_ERRORS).toContain(result.error?.code);
          expect(result.error?.field.startsWith(`events[${result.index}]`)).toBe(true);
        }
      }
    });
    await fc.assert(property, { ...PARAMETERS, numRuns: RUNS.batches });
  });

  it('answers every random single event with its record or a client error', async () => {
    const property = fc.asyncProperty(kindedEvent, async ({ kind, event }) => {
      const answer = await api.gql(singleDocument(kind, 'id'), { event });
      if (answer.status !== 200) return expectCoercionError(answer);
      const record = answer.data?.[SINGLE[kind].mutation] as { id: string } | null | undefined;
      if (record) {
        expect(answer.errors).toBeUndefined();
        ledger.record(kind, event, record.id);
      } else {
        ledger.rejected += 1;
        expect(answer.errors).toHaveLength(1);
        expect(EVENT_ERRORS).toContain(answer.errors![0].extensions?.code);
        expect(answer.errors![0].extensions?.field).toMatch(/^event\b/);
      }
    });
    await fc.assert(property, { ...PARAMETERS, numRuns: RUNS.singles });
  });

  it('answers random HTTP requests and GraphQL documents below 500, never INTERNAL_SERVER_ERROR', async () => {
    const property = fc.asyncProperty(rawRequest, async (request: RawRequest) => {
      const response = await fetch(`${api.url}/graphql${request.search}`, {
        method: request.method,
        headers: request.headers,
        body: request.body,
      });
      const text = await response.text();
      expect(response.status).toBeLessThan(500);
      // Every answer with a body is JSON (HEAD has none; a CORS preflight answers 204; Node's
      // HTTP parser itself answers a URL over its header limit with a bare 431).
      if (request.method === 'HEAD' || response.status === 204 || response.status === 431) return;
      expect(response.headers.get('content-type')).toContain('application/json');
      const errors = (JSON.parse(text) as GraphQLResponse).errors ?? [];
      expect(errors.map((e) => e.extensions?.code)).not.toContain('INTERNAL_SERVER_ERROR');
    });
    await fc.assert(property, { ...PARAMETERS, numRuns: RUNS.requests });
  });

  it("answers documents that abuse aliases, tokens and list sizes with the limit's code, below 500", async () => {
    const property = fc.asyncProperty(abuse, async ({ query, variables, expected }: Abuse) => {
      const answer = await api.gql(query, variables);
      expect(answer.status).toBeLessThan(500);
      const codes = (answer.errors ?? []).map((error) => error.extensions?.code);
      if (expected) expect(codes[0]).toBe(expected);
      else expect(codes).toEqual([]);
    });
    await fc.assert(property, { ...PARAMETERS, numRuns: RUNS.abuse });
  });

  it('stores an emoji cut in half (an unpaired surrogate) as U+FFFD, the same on both databases', async () => {
    const event = make.agentExecution({
      agent: 'bot \ud83e',
      status: 'FAILURE',
      errorMessage: 'cut \ud83e short',
      output: '\udd16',
    });
    const recorded = await api.data(singleDocument('agentExecution', 'id'), { event });
    ledger.record('agentExecution', event, recorded.recordAgentExecution.id);
    const { agentExecution } = await api.data(
      `query($r: String!) { agentExecution(requestId: $r) { agent { name } errorMessage outputPayload } }`,
      { r: event.requestId }
    );
    expect(agentExecution).toEqual({
      agent: { name: 'bot \ufffd' },
      errorMessage: 'cut \ufffd short',
      outputPayload: '\ufffd',
    });
  });

  it('holds exactly the records of the accepted events, under the ids it answered', async () => {
    // Enough of both outcomes for the comparison to mean something.
    expect(ledger.accepted).toBeGreaterThan(300);
    expect(ledger.rejected).toBeGreaterThan(100);
    expect(Object.values(ledger.counts()).every((n) => n > 0)).toBe(true);
    expect(await ledger.differences(api.services.dataSource)).toEqual({});
  });
});

/** Client input that fuzzing found to answer INTERNAL_SERVER_ERROR on MariaDB, kept as regressions. */
describe('fuzz findings, on mysql', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi('mysql', {}, 'fuzz-open');
  });
  afterAll(() => api?.close());

  const expectNoServerError = (answer: GraphQLResponse) => {
    expect(answer.status).toBe(200);
    expect(answer.errors?.map((e) => e.extensions?.code) ?? []).not.toContain('INTERNAL_SERVER_ERROR');
  };

  it('input + output tokens above 2^31-1 are refused on totalTokens (an INT column)', async () => {
    const event = make.agentExecution({ inputTokens: 2_147_483_647, outputTokens: 1 });
    const answer = await api.gql(singleDocument('agentExecution', 'id'), { event });
    expectNoServerError(answer);
    expect(answer.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'event.totalTokens' });
  });

  it('a DAG whose nodes take more than 64 KiB as JSON is refused on nodes (a TEXT column)', async () => {
    const nodes = Array.from({ length: 150 }, (_, i) => ({ key: `${i}-${'k'.repeat(180)}`, label: 'l'.repeat(255) }));
    const answer = await api.gql(singleDocument('workflow', 'id'), { event: make.workflow({ nodes, edges: [] }) });
    expectNoServerError(answer);
    expect(answer.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'event.nodes' });
  });

  it('a cost that could overflow the rollups (over $10,000 for one execution) is refused on costUsd', async () => {
    const events = [
      {
        agentExecution: {
          requestId: uid('costly'),
          agent: 'a',
          status: 'SUCCESS',
          startedAt: '2026-01-01T00:00:00Z',
          costUsd: '9007199.254740991',
        },
      },
    ];
    const answer = await api.gql(INGEST, { events });
    expectNoServerError(answer);
    expect(answer.data?.ingest.results[0].error).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'events[0].agentExecution.costUsd',
    });
  });
});
