import { loadConfig } from '../src/config/config';
import { DIALECTS, startApi, TestApi } from './support/api';
import { HealthEndpoints, SLOW_MS, startHealthEndpoints } from './support/health-endpoints';

// A running API probes real HTTP endpoints that behave well and badly; what it records (probes,
// states, rollup statistics) must be what the endpoints did, and no endpoint may hold up another.

const TIMEOUT_MS = 1500;
const MAX_BODY = 4096;
const INTERVAL_S = 2;
const RUN_MS = 7000;

const FLEET = {
  ...loadConfig({}).fleet,
  probeTimeoutMs: TIMEOUT_MS,
  probeMaxBodyBytes: MAX_BODY,
  probeCheckMs: 50,
  // Only 127.0.0.1: the endpoints on 127.0.0.2 are outside.
  probeAllowedNetworks: ['127.0.0.1/32'],
};
const ENDPOINTS = ['healthy', 'slow', 'failing', 'hanging', 'trickling', 'redirecting', 'huge'];

describe.each(DIALECTS)('health probes (%s)', (dialect) => {
  let api: TestApi;
  let endpoints: HealthEndpoints;
  let outside: HealthEndpoints;
  let started = 0;

  beforeAll(async () => {
    endpoints = await startHealthEndpoints('127.0.0.1');
    outside = await startHealthEndpoints('127.0.0.2');
    api = await startApi(dialect, { fleet: FLEET }, 'fleet_probes');
    const register = (serviceId: string, healthEndpoint: string) =>
      api.data(`mutation($s: ServiceRegistrationInput!) { registerService(service: $s) { id } }`, {
        s: { serviceId, name: serviceId, type: 'TOOL_SERVER', healthEndpoint, probeIntervalSeconds: INTERVAL_S },
      });
    for (const name of ENDPOINTS) await register(name, `${endpoints.base}/${name}`);
    await register('outside', `${outside.base}/healthy`);
    await register('not-probed', 'http://127.0.0.1:9/never');
    await api.data(`mutation { retireService(serviceId: "not-probed") { id } }`);
    started = Date.now();
    const stop = api.services.startJobs();
    await new Promise((resolve) => setTimeout(resolve, RUN_MS));
    // Resolves once the probes under way are recorded.
    await stop();
  }, 60_000);
  afterAll(async () => {
    await api.close();
    await endpoints.close();
    await outside.close();
  });

  const service = async (serviceId: string) =>
    (
      await api.data(
        `query($id: String!) { service(serviceId: $id) { state lastProbeUp lastProbeStatusCode lastProbeResponseMs lastProbeError recentProbes(limit: 50) { up statusCode responseMs error at } } }`,
        { id: serviceId }
      )
    ).service;

  it('probes each endpoint once per interval, the hanging one not holding up the others', async () => {
    const expected = Math.floor(RUN_MS / (INTERVAL_S * 1000)) + 1; // at start, then every interval
    for (const name of ENDPOINTS) {
      const hits = endpoints.hits.get(`/${name}`)!;
      expect({ name, hits: hits.length }).toEqual({ name, hits: expected });
      // Claimed an interval apart, never two at once (arrivals vary by the time a request takes to leave).
      for (let i = 1; i < hits.length; i++) expect(hits[i] - hits[i - 1]).toBeGreaterThan(INTERVAL_S * 1000 * 0.75);
      expect(hits[0] - started).toBeLessThan(1000);
      expect((await service(name)).recentProbes).toHaveLength(expected);
    }
  });

  it('records a healthy and a slow endpoint as up with their response times', async () => {
    const healthy = await service('healthy');
    expect(healthy).toMatchObject({ state: 'UP', lastProbeUp: true, lastProbeStatusCode: 200, lastProbeError: null });
    expect(healthy.lastProbeResponseMs).toBeLessThan(SLOW_MS);
    const slow = await service('slow');
    expect(slow.state).toBe('UP');
    for (const probe of slow.recentProbes) {
      expect(probe.up).toBe(true);
      expect(probe.responseMs).toBeGreaterThanOrEqual(SLOW_MS - 5);
      expect(probe.responseMs).toBeLessThan(TIMEOUT_MS);
    }
  });

  it('records failing, hanging, trickling, redirecting, huge and disallowed endpoints as down with the reason', async () => {
    expect(await service('failing')).toMatchObject({
      state: 'DOWN',
      lastProbeUp: false,
      lastProbeStatusCode: 503,
      lastProbeError: 'HTTP 503',
    });
    const hanging = await service('hanging');
    expect(hanging).toMatchObject({
      state: 'DOWN',
      lastProbeStatusCode: null,
      lastProbeResponseMs: null,
      lastProbeError: `no complete answer within ${TIMEOUT_MS} ms`,
    });
    // Too slow: its status arrived, its answer not within the timeout.
    expect(await service('trickling')).toMatchObject({
      state: 'DOWN',
      lastProbeStatusCode: 200,
      lastProbeResponseMs: null,
      lastProbeError: `no complete answer within ${TIMEOUT_MS} ms`,
    });
    const redirecting = await service('redirecting');
    expect(redirecting).toMatchObject({ state: 'DOWN', lastProbeStatusCode: 302 });
    expect(redirecting.lastProbeError).toBe(`redirect (HTTP 302 to ${endpoints.base}/redirect-target) not followed`);
    expect(endpoints.hits.get('/redirect-target')).toHaveLength(0);
    expect(await service('huge')).toMatchObject({
      state: 'DOWN',
      lastProbeStatusCode: 200,
      lastProbeError: `answer longer than ${MAX_BODY} bytes`,
    });
    const disallowed = await service('outside');
    expect(disallowed).toMatchObject({
      state: 'DOWN',
      lastProbeStatusCode: null,
      lastProbeError: '127.0.0.2 is outside HEALTH_PROBE_ALLOWED_NETWORKS',
    });
    expect(disallowed.recentProbes.length).toBeGreaterThanOrEqual(3);
    expect(outside.hits.get('/healthy')).toHaveLength(0);
    expect((await service('not-probed')).recentProbes).toHaveLength(0);
  });

  it('keeps probe state changes as events: unknown to up or down once each', async () => {
    const changes = (
      await api.data(
        `{ serviceStateChanges(range: { from: "2000-01-01T00:00:00Z" }) { source previousState state reason service { serviceId } } }`
      )
    ).serviceStateChanges;
    const probeChanges = changes.filter((change: any) => change.source === 'PROBE');
    expect(
      probeChanges.map((change: any) => [change.service.serviceId, change.previousState, change.state]).sort()
    ).toEqual(
      [
        ['failing', 'UNKNOWN', 'DOWN'],
        ['hanging', 'UNKNOWN', 'DOWN'],
        ['trickling', 'UNKNOWN', 'DOWN'],
        ['healthy', 'UNKNOWN', 'UP'],
        ['huge', 'UNKNOWN', 'DOWN'],
        ['outside', 'UNKNOWN', 'DOWN'],
        ['redirecting', 'UNKNOWN', 'DOWN'],
        ['slow', 'UNKNOWN', 'UP'],
      ].sort()
    );
  });

  it('gives uptime and response times in the rollups equal to the raw probes', async () => {
    const range = { from: new Date(started - 60_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() };
    for (const name of [...ENDPOINTS, 'outside']) {
      const raw: { up: number | boolean; response_ms: number | null }[] = await api.services.dataSource.query(
        'SELECT p.up, p.response_ms FROM health_probes p JOIN services s ON s.id = p.service_id WHERE s.external_id = ?',
        [name]
      );
      const timed = raw.filter((row) => row.response_ms !== null).map((row) => Number(row.response_ms));
      const { summary } = await api.data(
        `query($r: TimeRangeInput, $s: [String!]) { summary(metric: HEALTH_PROBES, range: $r, filter: { service: $s }) { count success failure successRate avgDurationMs p50DurationMs } }`,
        {
          r: range,
          s: [name],
        }
      );
      const up = raw.filter((row) => Boolean(row.up)).length;
      expect({ name, summary }).toEqual({
        name,
        summary: {
          count: raw.length,
          success: up,
          failure: raw.length - up,
          successRate: up / raw.length,
          avgDurationMs: timed.length ? timed.reduce((a, b) => a + b, 0) / timed.length : null,
          p50DurationMs: timed.length ? expect.any(Number) : null,
        },
      });
      if (timed.length) {
        const median = [...timed].sort((a, b) => a - b)[Math.ceil(timed.length / 2) - 1];
        expect(Math.abs(summary.p50DurationMs - median)).toBeLessThanOrEqual(median * 0.05 + 1);
      }
    }
    // Uptime per bucket: a time series of the success rate, one series per service.
    const series = (
      await api.data(
        `query($r: TimeRangeInput) { timeSeries(metric: HEALTH_PROBES, measure: SUCCESS_RATE, range: $r, interval: "1m", groupBy: SERVICE) { series { key values } } }`,
        { r: range }
      )
    ).timeSeries.series;
    const uptime = (key: string) =>
      series.find((s: any) => s.key === key).values.filter((v: number | null) => v !== null);
    expect(uptime('healthy').every((v: number) => v === 1)).toBe(true);
    expect(uptime('failing').every((v: number) => v === 0)).toBe(true);
  });
});
