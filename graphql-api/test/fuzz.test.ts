import fc from 'fast-check';
import { DIALECTS, GraphQLResponse, startApi, TestApi } from './support/api';
import { AcceptedLedger } from './support/accepted-ledger';
import { Event, EventKind, INGEST, SINGLE, singleDocument } from './support/events';
import { batchEntry, kindedEvent } from './support/fuzz-events';
import { RawRequest, rawRequest } from './support/fuzz-requests';

/**
 * Fuzzing ingestion over HTTP, on each database: random and malformed events (in batches and
 * one by one) and random HTTP requests and GraphQL documents. Whatever comes in, the API keeps
 * answering, answers client mistakes as such (never HTTP 500 or INTERNAL_SERVER_ERROR), and the
 * database ends up holding exactly what it said it accepted.
 *
 * A failure prints fast-check's seed and the shrunk input; FUZZ_SEED=<seed> replays the run.
 */
const RUNS = { batches: 110, singles: 350, requests: 350 };
const PARAMETERS: fc.Parameters<unknown> = process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {};
const EVENT_ERRORS = ['BAD_USER_INPUT', 'NOT_FOUND'];

/** A request refused whole by GraphQL (a value of the wrong type): HTTP 400 and nothing else. */
function expectCoercionError(answer: GraphQLResponse): void {
  expect(answer.status).toBe(400);
  expect(answer.data).toBeUndefined();
  for (const error of answer.errors ?? []) expect(error.extensions?.code).toBe('BAD_USER_INPUT');
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
        results: { index: number; kind: EventKind | null; accepted: boolean; id: string | null; error: { code: string; field: string } | null }[];
      };
      expect(results.map((r) => r.index)).toEqual(events.map((_, i) => i));
      expect([accepted, rejected]).toEqual([results.filter((r) => r.accepted).length, results.filter((r) => !r.accepted).length]);
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
      const response = await fetch(`${api.url}/graphql${request.search}`, { method: request.method, headers: request.headers, body: request.body });
      const text = await response.text();
      expect(response.status).toBeLessThan(500);
      // Body-parser answers some malformed bodies with an HTML page; the API's own answers are JSON.
      if (request.method === 'HEAD' || !response.headers.get('content-type')?.includes('json')) return;
      const errors = (JSON.parse(text) as GraphQLResponse).errors ?? [];
      expect(errors.map((e) => e.extensions?.code)).not.toContain('INTERNAL_SERVER_ERROR');
    });
    await fc.assert(property, { ...PARAMETERS, numRuns: RUNS.requests });
  });

  it('holds exactly the records of the accepted events, under the ids it answered', async () => {
    // Enough of both outcomes for the comparison to mean something.
    expect(ledger.accepted).toBeGreaterThan(300);
    expect(ledger.rejected).toBeGreaterThan(100);
    expect(Object.values(ledger.counts()).every((n) => n > 0)).toBe(true);
    expect(await ledger.differences(api.services.dataSource)).toEqual({});
  });
});
