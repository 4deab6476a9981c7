import fc from 'fast-check';
import { DIALECTS, startApi, TestApi } from './support/api';
import { ROLLUP_TABLES } from '../src/rollups/rebuild';

// Property: whatever order events arrive in, however often they are replayed, and whatever
// lifecycle updates they carry, the statistics (read from rollups) equal a direct computation
// over the raw rows the API stored. Counts, sums and averages exactly; percentiles within 5 %.

const HOUR = 3_600_000;
const CLEARED_TABLES = ['tool_executions', 'agent_executions', 'agents', 'users', ...ROLLUP_TABLES];
const MINUTE = 60_000;
const AGENTS = ['alpha', 'beta', 'gamma'];
const USERS = ['u1', 'u2', 'u3'];
const MODELS = ['m-large', 'm-small'];
const FINAL = ['SUCCESS', 'FAILURE', 'TIMEOUT', 'CANCELLED'] as const;

interface Execution {
  agent: number;
  user: number;
  model: number;
  finalStatus: (typeof FINAL)[number];
  startOffset: number;
  durationMs: number;
  inputTokens: number;
  outputTokens: number;
  costNanos: number;
  sendRunning: boolean;
  replays: number;
}

const execution = fc.record({
  agent: fc.nat({ max: AGENTS.length - 1 }),
  user: fc.nat({ max: USERS.length - 1 }),
  model: fc.nat({ max: MODELS.length - 1 }),
  finalStatus: fc.constantFrom(...FINAL),
  startOffset: fc.nat({ max: 3 * HOUR - 1 }),
  // Durations across five orders of magnitude, as tool and LLM latencies are.
  durationMs: fc.oneof(fc.nat({ max: 50 }), fc.nat({ max: 5_000 }), fc.nat({ max: 600_000 })),
  inputTokens: fc.nat({ max: 8000 }),
  outputTokens: fc.nat({ max: 2000 }),
  costNanos: fc.nat({ max: 90_000_000 }),
  sendRunning: fc.boolean(),
  replays: fc.nat({ max: 2 }),
});

const scenario = fc.record({
  executions: fc.array(execution, { minLength: 1, maxLength: 60 }),
  // Executions still running at the end (no final event).
  unfinished: fc.nat({ max: 5 }),
  seed: fc.integer(),
  // A sub-range, in minutes from the window start.
  subFrom: fc.nat({ max: 170 }),
  subLength: fc.integer({ min: 1, max: 180 }),
});

function nearestRank(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1];
}

function shuffle<T>(items: T[], seed: number): T[] {
  const result = [...items];
  let state = seed >>> 0 || 1;
  for (let i = result.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [result[i], result[j]] = [result[j], result[i]];
  }
  return result;
}

interface RawRow {
  agent: string;
  user: string;
  status: string;
  startedAt: number;
  durationMs: number | null;
  inputTokens: number;
  outputTokens: number;
  costNanos: bigint;
}

function expected(rows: RawRow[], from: number, to: number) {
  const inRange = rows.filter((row) => row.startedAt >= from && row.startedAt < to);
  const durations = inRange
    .filter((row) => row.status !== 'running' && row.durationMs !== null)
    .map((row) => row.durationMs!)
    .sort((a, b) => a - b);
  const count = (statuses: string[]) => inRange.filter((row) => statuses.includes(row.status)).length;
  const finished = count(['success', 'failure', 'timeout', 'cancelled']);
  return {
    count: inRange.length,
    success: count(['success']),
    failure: count(['failure', 'timeout']),
    successRate: finished ? count(['success']) / finished : null,
    avgDurationMs: durations.length ? durations.reduce((a, b) => a + b, 0) / durations.length : null,
    p50: nearestRank(durations, 0.5),
    p95: nearestRank(durations, 0.95),
    p99: nearestRank(durations, 0.99),
    inputTokens: inRange.reduce((sum, row) => sum + row.inputTokens, 0),
    outputTokens: inRange.reduce((sum, row) => sum + row.outputTokens, 0),
    costNanos: inRange.reduce((sum, row) => sum + row.costNanos, 0n),
  };
}

function nanosToUsd(nanos: bigint): string {
  const whole = nanos / 1_000_000_000n;
  const fraction = (nanos % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : `${whole}`;
}

function expectClose(actual: number | null, exact: number | null, relative: number) {
  if (exact === null) return expect(actual).toBeNull();
  expect(actual).not.toBeNull();
  if (exact === 0) return expect(actual).toBe(0);
  expect(Math.abs(actual! - exact) / exact).toBeLessThanOrEqual(relative);
}

const SUMMARY =
  'count success failure successRate avgDurationMs p50DurationMs p95DurationMs p99DurationMs inputTokens outputTokens costUsd';

describe.each(DIALECTS)('statistics equal a direct computation over raw rows, on %s', (dialect) => {
  let api: TestApi;
  let run = 0;
  beforeAll(async () => {
    api = await startApi(dialect, {}, 'prop');
  });
  afterAll(() => api.close());

  it('for random streams with lifecycle updates, replays and out-of-order arrival', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ executions, unfinished, seed, subFrom, subLength }) => {
        // Each run (shrinking included) starts from empty tables, in a recent window: minute
        // rollups are kept for days.
        run += 1;
        for (const table of CLEARED_TABLES) await api.services.dataSource.query(`DELETE FROM ${table}`);
        const windowStart = Math.floor(Date.now() / HOUR) * HOUR - 4 * HOUR;
        const prefix = `r${run}-`;
        const events: Record<string, unknown>[] = [];
        const all: Execution[] = [...executions];
        executions
          .slice(0, unfinished)
          .forEach((e) => all.push({ ...e, sendRunning: true, finalStatus: 'RUNNING' as never }));
        all.forEach((e, i) => {
          const base = {
            requestId: `${prefix}${i}`,
            agent: prefix + AGENTS[e.agent],
            userId: prefix + USERS[e.user],
            requestModel: MODELS[e.model],
            startedAt: new Date(windowStart + e.startOffset).toISOString(),
          };
          const running = { agentExecution: { ...base, status: 'RUNNING' } };
          const final =
            (e.finalStatus as string) === 'RUNNING'
              ? running
              : {
                  agentExecution: {
                    ...base,
                    status: e.finalStatus,
                    durationMs: e.durationMs,
                    inputTokens: e.inputTokens,
                    outputTokens: e.outputTokens,
                    costUsd: nanosToUsd(BigInt(e.costNanos)),
                  },
                };
          if (e.sendRunning) events.push(running);
          for (let r = 0; r <= e.replays; r++) events.push(final);
        });
        const stream = shuffle(events, seed);
        for (let start = 0; start < stream.length; start += 100) {
          const result = await api.data(`mutation($e: [EventInput!]!) { ingest(events: $e) { rejected } }`, {
            e: stream.slice(start, start + 100),
          });
          expect(result.ingest.rejected).toBe(0);
        }

        const raw: Record<string, unknown>[] = await api.services.dataSource.query(
          `SELECT a.name AS agent, u.external_id AS user, e.status, e.started_at, e.duration_ms, e.input_tokens, e.output_tokens, e.cost_nanos
           FROM agent_executions e JOIN agents a ON a.id = e.agent_id JOIN users u ON u.id = e.user_id WHERE a.name LIKE ?`,
          [`${prefix}%`]
        );
        const rows: RawRow[] = raw.map((row) => ({
          agent: String(row.agent),
          user: String(row.user),
          status: String(row.status),
          startedAt: new Date(
            row.started_at instanceof Date ? row.started_at : `${String(row.started_at).replace(' ', 'T')}Z`
          ).getTime(),
          durationMs: row.duration_ms === null ? null : Number(row.duration_ms),
          inputTokens: Number(row.input_tokens),
          outputTokens: Number(row.output_tokens),
          costNanos: BigInt(row.cost_nanos as string),
        }));
        expect(rows).toHaveLength(all.length);

        const check = (summary: Record<string, any>, exact: ReturnType<typeof expected>) => {
          expect(summary.count).toBe(exact.count);
          expect(summary.success).toBe(exact.success);
          expect(summary.failure).toBe(exact.failure);
          expectClose(summary.successRate, exact.successRate, 1e-12);
          expectClose(summary.avgDurationMs, exact.avgDurationMs, 1e-12);
          expectClose(summary.p50DurationMs, exact.p50, 0.05 + 1e-9);
          expectClose(summary.p95DurationMs, exact.p95, 0.05 + 1e-9);
          expectClose(summary.p99DurationMs, exact.p99, 0.05 + 1e-9);
          expect(summary.inputTokens).toBe(exact.inputTokens);
          expect(summary.outputTokens).toBe(exact.outputTokens);
          expect(summary.costUsd).toBe(nanosToUsd(exact.costNanos));
        };

        const ranges = [
          { from: windowStart, to: windowStart + 3 * HOUR },
          { from: windowStart + subFrom * MINUTE, to: windowStart + (subFrom + subLength) * MINUTE },
        ];
        for (const range of ranges) {
          const variables = {
            range: { from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString() },
          };
          const data = await api.data(
            `query($range: TimeRangeInput, $agent: [String!]) {
              all: summary(metric: AGENT_EXECUTIONS, range: $range, filter: { agent: $agent }) { ${SUMMARY} }
              byAgent: breakdown(metric: AGENT_EXECUTIONS, by: AGENT, range: $range, limit: 10) { key summary { ${SUMMARY} } }
              byUser: breakdown(metric: AGENT_EXECUTIONS, by: USER, range: $range, limit: 10) { key summary { count costUsd } }
            }`,
            { ...variables, agent: null }
          );
          check(data.all, expected(rows, range.from, range.to));
          const agentsPresent = new Set(
            rows.filter((row) => row.startedAt >= range.from && row.startedAt < range.to).map((row) => row.agent)
          );
          expect(data.byAgent.map((row: { key: string }) => row.key).sort()).toEqual([...agentsPresent].sort());
          for (const row of data.byAgent) {
            check(
              row.summary,
              expected(
                rows.filter((r) => r.agent === row.key),
                range.from,
                range.to
              )
            );
          }
          for (const row of data.byUser) {
            const exact = expected(
              rows.filter((r) => r.user === row.key),
              range.from,
              range.to
            );
            expect(row.summary.count).toBe(exact.count);
            expect(row.summary.costUsd).toBe(nanosToUsd(exact.costNanos));
          }

          // Asked without summaries, a ranking reads only the measure's columns: the same rows, in
          // the same order (ties by label), with the same values; counts as the raw rows give them.
          for (const measure of ['COUNT', 'COST_USD', 'TOTAL_TOKENS', 'UNPRICED']) {
            const ranking = await api.data(
              `query($range: TimeRangeInput) {
                lean: breakdown(metric: AGENT_EXECUTIONS, by: USER, measure: ${measure}, range: $range, limit: 2) { key label value }
                full: breakdown(metric: AGENT_EXECUTIONS, by: USER, measure: ${measure}, range: $range, limit: 2) { key label value summary { count } }
              }`,
              variables
            );
            expect(ranking.lean).toEqual(ranking.full.map(({ summary: _, ...row }: { summary: unknown }) => row));
            if (measure === 'COUNT') {
              for (const row of ranking.lean) {
                expect(row.value).toBe(
                  expected(
                    rows.filter((r) => r.user === row.key),
                    range.from,
                    range.to
                  ).count
                );
              }
            }
          }
        }

        // The 10-minute series adds up, bucket by bucket, to the raw rows.
        const series = await api.data(
          `query($range: TimeRangeInput) { timeSeries(metric: AGENT_EXECUTIONS, range: $range, interval: "10m", groupBy: STATUS) { times series { key values } } }`,
          { range: { from: new Date(windowStart).toISOString(), to: new Date(windowStart + 3 * HOUR).toISOString() } }
        );
        expect(series.timeSeries.times).toHaveLength(18);
        series.timeSeries.times.forEach((time: string, i: number) => {
          const from = Date.parse(time);
          for (const line of series.timeSeries.series) {
            const exact = rows.filter(
              (row) =>
                row.status.toUpperCase() === line.key && row.startedAt >= from && row.startedAt < from + 10 * MINUTE
            ).length;
            expect(line.values[i]).toBe(exact);
          }
        });
      }),
      { numRuns: 6 }
    );
  });
});
