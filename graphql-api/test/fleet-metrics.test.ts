import { SERVICE_SERIES_LIMIT } from '../src/telemetry/fleet-gauges';
import { DIALECTS, startApi, TestApi } from './support/api';
import { scrape, Sample, sumOf } from './support/metrics-page';
import { testAlertRules } from './support/alert-rules';

// The fleet on /metrics (agentmon_service_up, heartbeat age and interval, totals by state), as the
// API derives the states at scrape time; and the provisioned fleet alerts firing on those series
// (promtool test rules, the series being what the API exported): for a service whose heartbeats
// stopped and for one whose health probe fails while its heartbeats are on time.

const T0 = Date.parse('2026-12-02T08:00:00.000Z');
const FLEET_RULES = ['agentmon-fleet-service-down', 'agentmon-fleet-heartbeat-missing'];

describe.each(DIALECTS)('fleet metrics and alerts (%s)', (dialect) => {
  let api: TestApi;
  let now = T0;
  beforeAll(async () => {
    api = await startApi(dialect, {}, 'fleet_metrics', { clock: () => now });
  });
  afterAll(() => api.close());

  const register = (serviceId: string, type = 'AGENT_SERVICE') =>
    api.data(`mutation($s: ServiceRegistrationInput!) { registerService(service: $s) { id } }`, {
      s: { serviceId, name: serviceId, type, heartbeatIntervalSeconds: 10 },
    });
  const heartbeat = (serviceId: string) =>
    api.data(`mutation($e: HeartbeatEventInput!) { recordHeartbeat(event: $e) { id } }`, { e: { serviceId } });
  const value = (samples: Sample[], name: string, labels: Record<string, string>) => sumOf(samples, name, labels);

  it("exports each service's up state and heartbeat age as derived now, and the alerts fire on them", async () => {
    for (const id of ['svc-a', 'svc-b', 'svc-probed', 'svc-quiet']) await register(id);
    await register('svc-gone', 'WORKER');
    await api.data(`mutation { retireService(serviceId: "svc-gone") { id } }`);
    await heartbeat('svc-a');
    await heartbeat('svc-b');
    await heartbeat('svc-probed');
    const first = (await scrape(api.url)).samples;
    expect(value(first, 'agentmon_service_up', { service: 'svc-a', type: 'agent_service' })).toBe(1);
    expect(value(first, 'agentmon_service_up', { service: 'svc-b' })).toBe(1);
    expect(value(first, 'agentmon_service_up', { service: 'svc-quiet' })).toBeUndefined();
    expect(value(first, 'agentmon_service_heartbeat_interval_seconds', { service: 'svc-quiet' })).toBe(10);
    expect(value(first, 'agentmon_service_heartbeat_age_seconds', { service: 'svc-a' })).toBe(0);
    expect(first.filter((s) => s.labels.service === 'svc-gone')).toEqual([]);
    expect(value(first, 'agentmon_services', { state: 'up' })).toBe(3);
    expect(value(first, 'agentmon_services', { state: 'unknown' })).toBe(1);

    now = T0 + 15_000;
    await heartbeat('svc-a');
    await heartbeat('svc-probed');
    // Its health endpoint stops answering, as the prober records it.
    const [probed] = await api.services.dataSource.query(`SELECT id FROM services WHERE external_id = 'svc-probed'`);
    await api.services.fleet.recordProbe(Number(probed.id), {
      at: new Date(now),
      up: false,
      statusCode: null,
      responseMs: null,
      error: 'connect ECONNREFUSED',
    });
    const later = (await scrape(api.url)).samples;
    expect(value(later, 'agentmon_service_up', { service: 'svc-a' })).toBe(1);
    expect(value(later, 'agentmon_service_up', { service: 'svc-b' })).toBe(0);
    expect(value(later, 'agentmon_service_heartbeat_age_seconds', { service: 'svc-b' })).toBe(15);
    expect(value(later, 'agentmon_service_up', { service: 'svc-probed' })).toBe(0);
    expect(value(later, 'agentmon_service_heartbeat_age_seconds', { service: 'svc-probed' })).toBe(0);
    expect(value(later, 'agentmon_services', { state: 'missing' })).toBe(1);
    expect(value(later, 'agentmon_services', { state: 'down' })).toBe(1);

    // One scrape a minute: the first page, then the later one from then on.
    const series = (name: string, labels: Record<string, string>) => {
      const [a, b] = [value(first, name, labels), value(later, name, labels)];
      return {
        series: `${name}{${Object.entries(labels)
          .map(([k, v]) => `${k}="${v}"`)
          .join(',')}}`,
        values: `${a} ${b}x10`,
      };
    };
    const input = ['svc-a', 'svc-b', 'svc-probed'].flatMap((service) => [
      series('agentmon_service_up', { service, type: 'agent_service' }),
      series('agentmon_service_heartbeat_age_seconds', { service }),
      series('agentmon_service_heartbeat_interval_seconds', { service }),
    ]);
    const down = (service: string) => ({
      exp_labels: { service, type: 'agent_service', severity: 'critical', component: 'fleet' },
      exp_annotations: {
        summary: `Service ${service} (agent_service) is down or missing: its health probe fails or its heartbeats stopped.`,
        description:
          'agentmon_service_up is 0 while the Fleet page shows the service MISSING or DOWN (see its state changes there).',
      },
    });
    const { code, output } = await testAlertRules(FLEET_RULES, [
      {
        interval: '1m',
        input_series: input,
        alert_rule_test: [
          // Down for one minute: not yet (for: 2m); for three: firing, for the silent one and
          // the one whose probe fails.
          { eval_time: '1m', alertname: 'agentmon-fleet-service-down', exp_alerts: [] },
          {
            eval_time: '4m',
            alertname: 'agentmon-fleet-service-down',
            exp_alerts: [down('svc-b'), down('svc-probed')],
          },
          { eval_time: '0m', alertname: 'agentmon-fleet-heartbeat-missing', exp_alerts: [] },
          {
            eval_time: '2m',
            alertname: 'agentmon-fleet-heartbeat-missing',
            exp_alerts: [
              {
                exp_labels: { service: 'svc-b', severity: 'warning', component: 'fleet' },
                exp_annotations: {
                  summary: 'No heartbeat from svc-b for 1.5 of its heartbeat intervals.',
                  description:
                    'Seconds since the last heartbeat over the interval the service registered; above 1 the service is MISSING, above 3 DOWN.',
                },
              },
            ],
          },
        ],
      },
    ]);
    expect({ code, output }).toEqual({ code: 0, output: expect.stringContaining('SUCCESS') });
  });

  it('gives at most SERVICE_SERIES_LIMIT services series of their own, and counts every one by state', async () => {
    const before = (await scrape(api.url)).samples;
    const registered = sumOf(before, 'agentmon_services') ?? 0;
    for (let i = registered; i <= SERVICE_SERIES_LIMIT; i++) await register(`bulk-${i}`);
    const samples = (await scrape(api.url)).samples;
    const named = new Set(
      samples.filter((s) => s.name === 'agentmon_service_heartbeat_interval_seconds').map((s) => s.labels.service)
    );
    expect(named.size).toBe(SERVICE_SERIES_LIMIT);
    expect(sumOf(samples, 'agentmon_services')).toBe(SERVICE_SERIES_LIMIT + 1);
  });
});
