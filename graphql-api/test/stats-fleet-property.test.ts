import fc from 'fast-check';
import { readTimestamp } from '../src/db/dialect';
import { binOf } from '../src/rollups/histogram';
import { DIALECTS, startApi, TestApi } from './support/api';
import { ROLLUP_TABLES } from '../src/rollups/rebuild';

// Property, as for the other rollups: whatever heartbeats and probe results arrive, in any order,
// the fleet's statistics (uptime, response times and their distribution, heartbeats by status;
// per service and per bucket) equal a direct computation over the raw records the API stored.
// Probe results go through the recorder the prober hands them to (real probes cannot be given
// chosen times and response times).

const HOUR = 3_600_000;
const MINUTE = 60_000;
const SERVICES = ['gateway', 'worker', 'mcp'];
const CLEARED_TABLES = [...ROLLUP_TABLES, 'health_probes', 'service_heartbeats', 'service_state_changes', 'services'];

const heartbeat = fc.record({
  service: fc.nat({ max: SERVICES.length - 1 }),
  offset: fc.nat({ max: 3 * HOUR - 1 }),
  status: fc.constantFrom('HEALTHY', 'DEGRADED'),
});

const probe = fc.record({
  service: fc.nat({ max: SERVICES.length - 1 }),
  offset: fc.nat({ max: 3 * HOUR - 1 }),
  up: fc.boolean(),
  // A down probe may have had no answer at all (timeout, refused): no response time.
  answered: fc.boolean(),
  // Response times across orders of magnitude, 0 ms included.
  responseMs: fc.oneof(fc.nat({ max: 20 }), fc.nat({ max: 2_000 }), fc.nat({ max: 60_000 })),
});

const scenario = fc.record({
  heartbeats: fc.array(heartbeat, { maxLength: 40 }),
  probes: fc.array(probe, { minLength: 1, maxLength: 60 }),
  // A sub-range, in minutes from the window start.
  subFrom: fc.nat({ max: 170 }),
  subLength: fc.integer({ min: 1, max: 180 }),
});

interface RawProbe {
  service: string;
  at: number;
  up: boolean;
  responseMs: number | null;
}
interface RawHeartbeat {
  service: string;
  at: number;
  status: string;
}

function nearestRank(sorted: number[], q: number): number | null {
  return sorted.length === 0 ? null : sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1];
}

function expectClose(actual: number | null, exact: number | null, relative: number) {
  if (exact === null) return expect(actual).toBeNull();
  expect(actual).not.toBeNull();
  if (exact === 0) return expect(actual).toBe(0);
  expect(Math.abs(actual! - exact) / exact).toBeLessThanOrEqual(relative);
}

/** What the probes' summary must say: uptime exactly, response times' mean exactly, percentiles within 5 %. */
function checkProbes(summary: Record<string, any>, probes: RawProbe[]) {
  const up = probes.filter((p) => p.up).length;
  const times = probes
    .map((p) => p.responseMs)
    .filter((ms): ms is number => ms !== null)
    .sort((a, b) => a - b);
  expect({ count: summary.count, success: summary.success, failure: summary.failure }).toEqual({
    count: probes.length,
    success: up,
    failure: probes.length - up,
  });
  expectClose(summary.successRate, probes.length ? up / probes.length : null, 1e-12);
  expectClose(summary.avgDurationMs, times.length ? times.reduce((a, b) => a + b, 0) / times.length : null, 1e-12);
  for (const [field, q] of [
    ['p50DurationMs', 0.5],
    ['p95DurationMs', 0.95],
    ['p99DurationMs', 0.99],
  ] as const)
    expectClose(summary[field], nearestRank(times, q), 0.05 + 1e-9);
}

function checkHeartbeats(summary: Record<string, any>, heartbeats: RawHeartbeat[]) {
  const healthy = heartbeats.filter((h) => h.status === 'healthy').length;
  expect({ count: summary.count, success: summary.success, failure: summary.failure }).toEqual({
    count: heartbeats.length,
    success: healthy,
    failure: heartbeats.length - healthy,
  });
}

const SUMMARY = 'count success failure successRate avgDurationMs p50DurationMs p95DurationMs p99DurationMs';

describe.each(DIALECTS)('fleet statistics equal a direct computation over raw records, on %s', (dialect) => {
  let api: TestApi;
  let run = 0;
  beforeAll(async () => {
    api = await startApi(dialect, {}, 'fleet_prop');
  });
  afterAll(() => api.close());

  it('for random heartbeats and probe results arriving in any order', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ heartbeats, probes, subFrom, subLength }) => {
        // Each run (shrinking included) starts from empty tables, in a recent window: minute
        // rollups are kept for days.
        run += 1;
        for (const table of CLEARED_TABLES) await api.services.dataSource.query(`DELETE FROM ${table}`);
        const windowStart = Math.floor(Date.now() / HOUR) * HOUR - 4 * HOUR;
        const ids = SERVICES.map((name) => `r${run}-${name}`);
        for (const serviceId of ids)
          await api.data(`mutation($s: ServiceRegistrationInput!) { registerService(service: $s) { id } }`, {
            s: { serviceId, name: serviceId, type: 'WORKER' },
          });
        const recordIds = new Map<string, number>(
          (
            (await api.services.dataSource.query('SELECT id, external_id FROM services')) as {
              id: number;
              external_id: string;
            }[]
          ).map((row) => [row.external_id, Number(row.id)])
        );
        for (const h of heartbeats)
          await api.data(`mutation($e: HeartbeatEventInput!) { recordHeartbeat(event: $e) { id } }`, {
            e: { serviceId: ids[h.service], status: h.status, at: new Date(windowStart + h.offset).toISOString() },
          });
        for (const p of probes) {
          const answered = p.up || p.answered;
          await api.services.fleet.recordProbe(recordIds.get(ids[p.service])!, {
            at: new Date(windowStart + p.offset),
            up: p.up,
            statusCode: answered ? (p.up ? 200 : 503) : null,
            responseMs: answered ? p.responseMs : null,
            error: p.up ? null : answered ? 'HTTP 503' : 'no complete answer within 5000 ms',
          });
        }

        const rawProbes: RawProbe[] = (
          (await api.services.dataSource.query(
            'SELECT s.external_id AS service, p.at, p.up, p.response_ms FROM health_probes p JOIN services s ON s.id = p.service_id'
          )) as { service: string; at: Date | string; up: number | boolean; response_ms: number | null }[]
        ).map((row) => ({
          service: row.service,
          at: readTimestamp(row.at).getTime(),
          up: Boolean(Number(row.up)),
          responseMs: row.response_ms === null ? null : Number(row.response_ms),
        }));
        const rawHeartbeats: RawHeartbeat[] = (
          (await api.services.dataSource.query(
            'SELECT s.external_id AS service, h.at, h.status FROM service_heartbeats h JOIN services s ON s.id = h.service_id'
          )) as { service: string; at: Date | string; status: string }[]
        ).map((row) => ({ service: row.service, at: readTimestamp(row.at).getTime(), status: row.status }));
        expect([rawProbes.length, rawHeartbeats.length]).toEqual([probes.length, heartbeats.length]);

        const ranges = [
          { from: windowStart, to: windowStart + 3 * HOUR },
          { from: windowStart + subFrom * MINUTE, to: windowStart + (subFrom + subLength) * MINUTE },
        ];
        for (const range of ranges) {
          const within = <T extends { at: number }>(rows: T[]) =>
            rows.filter((row) => row.at >= range.from && row.at < range.to);
          const data = await api.data(
            `query($r: TimeRangeInput) {
              probes: summary(metric: HEALTH_PROBES, range: $r) { ${SUMMARY} }
              probesByService: breakdown(metric: HEALTH_PROBES, by: SERVICE, range: $r, limit: 10) { key summary { ${SUMMARY} } }
              heartbeats: summary(metric: SERVICE_HEARTBEATS, range: $r) { count success failure }
              heartbeatsByService: breakdown(metric: SERVICE_HEARTBEATS, by: SERVICE, range: $r, limit: 10) { key summary { count success failure } }
            }`,
            { r: { from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString() } }
          );
          checkProbes(data.probes, within(rawProbes));
          checkHeartbeats(data.heartbeats, within(rawHeartbeats));
          for (const [rows, breakdown, check] of [
            [within(rawProbes), data.probesByService, checkProbes],
            [within(rawHeartbeats), data.heartbeatsByService, checkHeartbeats],
          ] as const) {
            expect(breakdown.map((row: { key: string }) => row.key).sort()).toEqual(
              [...new Set(rows.map((row) => row.service))].sort()
            );
            for (const row of breakdown)
              (check as (summary: Record<string, any>, rows: unknown[]) => void)(
                row.summary,
                (rows as { service: string }[]).filter((r) => r.service === row.key)
              );
          }
        }

        // Uptime per 10-minute bucket and service, and the response-time heatmap's counts per
        // bucket and row, from the raw probes.
        const whole = { from: new Date(windowStart).toISOString(), to: new Date(windowStart + 3 * HOUR).toISOString() };
        const { timeSeries, durationDistribution } = await api.data(
          `query($r: TimeRangeInput) {
            timeSeries(metric: HEALTH_PROBES, measure: SUCCESS_RATE, range: $r, interval: "10m", groupBy: SERVICE) { times series { key values } }
            durationDistribution(metric: HEALTH_PROBES, range: $r, interval: "10m", binsPerRow: 1) { times rows { counts } }
          }`,
          { r: whole }
        );
        expect(timeSeries.times).toHaveLength(18);
        const bucketOf = (at: number) => Math.floor(at / (10 * MINUTE)) * 10 * MINUTE;
        timeSeries.times.forEach((time: string, i: number) => {
          for (const line of timeSeries.series) {
            const inBucket = rawProbes.filter((p) => p.service === line.key && bucketOf(p.at) === Date.parse(time));
            expect({ key: line.key, time, uptime: line.values[i] }).toEqual({
              key: line.key,
              time,
              uptime: inBucket.length ? inBucket.filter((p) => p.up).length / inBucket.length : null,
            });
          }
        });
        const timed = rawProbes.filter((p) => p.responseMs !== null);
        const expectedCells = new Map<string, number>();
        for (const p of timed) {
          const key = `${bucketOf(p.at)}/${binOf(p.responseMs!)}`;
          expectedCells.set(key, (expectedCells.get(key) ?? 0) + 1);
        }
        const firstBin = timed.length ? Math.min(...timed.map((p) => binOf(p.responseMs!))) : 0;
        const cells = new Map<string, number>();
        durationDistribution.rows.forEach((row: { counts: number[] }, i: number) =>
          row.counts.forEach(
            (n, slot) => n && cells.set(`${Date.parse(durationDistribution.times[slot])}/${firstBin + i}`, n)
          )
        );
        expect(cells).toEqual(expectedCells);
      }),
      { numRuns: 6 }
    );
  });
});
