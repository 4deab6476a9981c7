import { AgentmonClient } from '../../simulator/src/client';
import { conditionOf, runFleet } from '../../simulator/src/fleet';
import { loadConfig } from '../src/config/config';
import { ADMIN_TOKEN, startApi, TestApi } from './support/api';

// The simulator's fleet against a running API that probes: services register, send heartbeats,
// one degrades and one goes silent (its health endpoint failing), as the phases say.

const PHASE_S = 3;

describe('the simulated fleet', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi(
      'sqlite',
      { fleet: { ...loadConfig({}).fleet, probeTimeoutMs: 1500, probeCheckMs: 50 } },
      'sim_fleet'
    );
  });
  afterAll(() => api.close());

  it('registers its services, degrades one, silences another and lets the API see it', async () => {
    const stop = new AbortController();
    const stopJobs = api.services.startJobs();
    const lines: string[] = [];
    const running = runFleet(
      new AgentmonClient(`${api.url}/graphql`, ADMIN_TOKEN),
      { intervalSeconds: 2, phaseSeconds: PHASE_S },
      (line) => lines.push(line),
      stop.signal
    );
    // Phases 0-3: phase 2 degrades one service, phase 3 silences another.
    await new Promise((resolve) => setTimeout(resolve, 4 * PHASE_S * 1000 + 500));
    stop.abort();
    await running;
    await stopJobs();

    const { services } = await api.data(
      `{ services { serviceId type labels { key value } recentHeartbeats(limit: 50) { status } recentProbes(limit: 50) { up error } } }`
    );
    expect(services).toHaveLength(7);
    expect(lines[0]).toMatch(/7 services registered/);
    const byId = new Map(services.map((s: any) => [s.serviceId, s]));
    const degradedIndex = [...Array(7).keys()].find((i) => conditionOf(i, 2) === 'degraded')!;
    const silentIndex = [...Array(7).keys()].find((i) => conditionOf(i, 3) === 'silent')!;
    const registered = [
      'planner-service',
      'agent-runtime',
      'tool-gateway',
      'mcp-filesystem',
      'mcp-github',
      'dag-worker-1',
      'dag-worker-2',
    ];
    const degraded: any = byId.get(registered[degradedIndex]);
    const silent: any = byId.get(registered[silentIndex]);
    expect(degraded.serviceId).not.toBe(silent.serviceId);
    for (const service of services) {
      expect(service.labels).toEqual([{ key: 'env', value: 'demo' }]);
      expect(service.recentHeartbeats.length).toBeGreaterThanOrEqual(3);
      expect(service.recentProbes.length).toBeGreaterThanOrEqual(2);
    }
    expect(degraded.recentHeartbeats.map((h: any) => h.status)).toContain('DEGRADED');
    // The silent one's health endpoint failed while it was silent, and the API recorded that.
    expect(silent.recentProbes.some((p: any) => !p.up && p.error === 'HTTP 503')).toBe(true);
  }, 60_000);
});
