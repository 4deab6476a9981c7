import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { statusRgb } from './support/colors';
import { dataOf, type Harness, openHarness } from './support/harness';
import { expectHeatmapOfApi } from './support/heatmaps';
import { panel, renderAllPanels, saveScreenshot } from './support/panels';

/**
 * The Fleet page as a viewer sees it: services registered through the real API (one healthy,
 * one degraded, one whose heartbeats stopped, one whose health endpoint fails) and probed by it,
 * each drawn in the status grid and the state timeline in its palette colour; a drill-down to one
 * service; the response-time heatmap drawing the API's counts.
 */

const PROBE_INTERVAL_S = 6; // the least the API allows with its 5 s probe timeout
const HOUR_S = 3600;

/** What each service does, and the state the page must show for it. */
const SERVICES = [
  {
    serviceId: 'planner-service',
    name: 'Planner service',
    type: 'AGENT_SERVICE',
    health: '/ok',
    heartbeat: 'HEALTHY',
    state: 'UP',
  },
  {
    serviceId: 'tool-gateway',
    name: 'Tool gateway',
    type: 'TOOL_SERVER',
    health: '/ok',
    heartbeat: 'DEGRADED',
    state: 'DEGRADED',
  },
  // Its last heartbeat is 1.5 intervals old: MISSING (after 3 intervals it would be DOWN).
  {
    serviceId: 'mcp-github',
    name: 'MCP GitHub',
    type: 'MCP_SERVER',
    health: null,
    heartbeat: 'LATE',
    state: 'MISSING',
  },
  // Its health endpoint answers 500: the probe makes it DOWN whatever its heartbeats say.
  {
    serviceId: 'dag-worker-2',
    name: 'DAG worker 2',
    type: 'WORKER',
    health: '/fail',
    heartbeat: 'HEALTHY',
    state: 'DOWN',
  },
] as const;

const SILENT_INTERVAL_S = 120;

interface ApiService {
  serviceId: string;
  name: string;
  state: string;
  lastProbeAt: string | null;
}

describe('the Fleet page', () => {
  let harness: Harness;
  let endpoints: http.Server;
  let rangeQuery: string;
  let range: { from: number; to: number };

  beforeAll(async () => {
    harness = await openHarness();
    // Health endpoints on loopback (which the API may probe by default), answering at varied speeds.
    let calls = 0;
    endpoints = http.createServer((request, response) => {
      const delay = (calls++ % 4) * 40;
      setTimeout(() => {
        response.statusCode = request.url === '/ok' ? 200 : 500;
        response.end(request.url === '/ok' ? 'ok' : 'failing');
      }, delay);
    });
    await new Promise<void>((resolve) => endpoints.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(endpoints.address() as AddressInfo).port}`;
    const started = Date.now();
    for (const service of SERVICES) {
      dataOf(
        await harness.query('mutation($s: ServiceRegistrationInput!) { registerService(service: $s) { serviceId } }', {
          s: {
            serviceId: service.serviceId,
            name: service.name,
            type: service.type,
            version: '1.0.0',
            ...(service.health ? { healthEndpoint: `${base}${service.health}` } : {}),
            probeIntervalSeconds: PROBE_INTERVAL_S,
            heartbeatIntervalSeconds: service.heartbeat === 'LATE' ? SILENT_INTERVAL_S : HOUR_S,
          },
        })
      );
      const late = service.heartbeat === 'LATE';
      dataOf(
        await harness.query('mutation($e: HeartbeatEventInput!) { recordHeartbeat(event: $e) { serviceId } }', {
          e: {
            serviceId: service.serviceId,
            status: late ? 'HEALTHY' : service.heartbeat,
            ...(late ? { at: new Date(started - 1.5 * SILENT_INTERVAL_S * 1000).toISOString() } : {}),
          },
        })
      );
    }
    // Until the API has probed each endpoint twice (response times to draw) and every state is reached.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const { services } = dataOf(
        await harness.query<{ services: ApiService[] }>('{ services { serviceId state lastProbeAt } }')
      );
      const byId = new Map(services.map((s) => [s.serviceId, s]));
      const ready = SERVICES.every(
        (s) =>
          byId.get(s.serviceId)?.state === s.state &&
          (!s.health || Date.parse(byId.get(s.serviceId)!.lastProbeAt ?? '0') > started + PROBE_INTERVAL_S * 1000)
      );
      if (ready) break;
      if (Date.now() > deadline) throw new Error(`services not in their states in time: ${JSON.stringify(services)}`);
      await sleep(500);
    }
    range = { from: started - 10 * 60_000, to: Date.now() + 60_000 };
    rangeQuery = `from=${range.from}&to=${range.to}`;
  });

  /** Retires the services: no longer probed, expected or listed (retiring twice changes nothing). */
  async function retireAll() {
    for (const service of SERVICES)
      dataOf(
        await harness.query('mutation($id: String!) { retireService(serviceId: $id) { serviceId } }', {
          id: service.serviceId,
        })
      );
  }

  afterAll(async () => {
    // Retired, so other test files on this database do not see them change.
    if (harness) await retireAll();
    await harness?.close();
    await new Promise((resolve) => endpoints?.close(resolve));
  });

  afterEach(() => expect(harness.pageErrors).toEqual([]));

  it('renders every panel without error, and shows each service in its state and palette colour', async () => {
    await harness.open(`/a/agentmon-app/fleet?${rangeQuery}`);
    const rendered = await renderAllPanels(harness.page);
    expect(rendered.filter((p) => p.error)).toEqual([]);

    const grid = panel(harness.page, 'Services now');
    // The State column by its index in the grid (innerText is empty while the panel is not laid
    // out on screen, so the header texts cannot be read for it).
    const stateHeader = grid.getByRole('columnheader', { name: 'State', exact: true });
    await stateHeader.waitFor();
    const stateColumn = await stateHeader.getAttribute('aria-colindex');
    expect(stateColumn).toMatch(/^\d+$/);
    for (const service of SERVICES) {
      const row = grid.getByRole('row').filter({ hasText: service.name });
      expect({ service: service.name, rows: await row.count() }).toEqual({ service: service.name, rows: 1 });
      const cell = row.locator(`[role="gridcell"][aria-colindex="${stateColumn}"]`);
      // Grafana's colour-background cell: a gradient from a darker shade to the colour itself.
      const shown = await cell.evaluate((node) => {
        const style = getComputedStyle(node);
        const colours = `${style.backgroundColor} ${style.backgroundImage}`.match(/rgba?\([^)]*\)/g) ?? [];
        return {
          text: node.textContent!.trim(),
          colour: colours.filter((colour) => colour !== 'rgba(0, 0, 0, 0)').at(-1),
        };
      });
      expect({ service: service.name, ...shown }).toEqual({
        service: service.name,
        text: service.state,
        colour: statusRgb(service.state),
      });
    }
    await saveScreenshot(harness.page, 'fleet');
  });

  it('lists each state change the API reports (what the annotations mark) in the state changes table', async () => {
    const { serviceStateChanges } = dataOf(
      await harness.query<{ serviceStateChanges: { state: string; service: { name: string } }[] }>(
        'query($range: TimeRangeInput) { serviceStateChanges(range: $range) { state service { name } } }',
        { range: { from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString() } }
      )
    );
    const changes = serviceStateChanges.map((c) => `${c.service.name}: ${c.state}`).sort();
    // Each service's way into the state it is in now is among them.
    expect(changes).toEqual(expect.arrayContaining(SERVICES.map((s) => `${s.name}: ${s.state}`)));

    await harness.open(`/a/agentmon-app/fleet?${rangeQuery}`);
    await renderAllPanels(harness.page);
    const table = panel(harness.page, 'State changes');
    await table.scrollIntoViewIfNeeded();
    await table.getByRole('row').nth(1).waitFor();
    const rows = (await table.getByRole('row').allTextContents()).slice(1);
    for (const change of changes) expect(rows.some((row) => row.includes(change))).toBe(true);
  });

  it('draws each service in the state timeline, in its state now up to the end of the range, in the palette colour', async () => {
    const timeline = panel(harness.page, 'States over time');
    await timeline.scrollIntoViewIfNeeded();
    const stretches = timeline.locator('[data-testid="state-timeline-stretch"]');
    await stretches.first().waitFor();
    const drawn = await stretches.evaluateAll((nodes) =>
      nodes.map((node) => ({
        service: node.querySelector('title')!.textContent!.split(': ')[0],
        state: node.getAttribute('data-state')!,
        fill: getComputedStyle(node).fill,
        x: Number(node.getAttribute('x')),
        end: Number(node.getAttribute('x')) + Number(node.getAttribute('width')),
        right: Number(node.closest('svg')!.getAttribute('width')),
      }))
    );
    for (const service of SERVICES) {
      const own = drawn.filter((stretch) => stretch.service === service.name).sort((a, b) => a.x - b.x);
      const last = own.at(-1)!;
      expect({ service: service.name, state: last.state, fill: last.fill }).toEqual({
        service: service.name,
        state: service.state,
        fill: statusRgb(service.state),
      });
      // One band without gaps: each state lasts until the next, the last one to the end of the range.
      const gaps = own.slice(1).filter((stretch, i) => Math.abs(stretch.x - own[i].end) > 1);
      expect({ service: service.name, gaps, toEnd: last.end >= last.right - 1 }).toEqual({
        service: service.name,
        gaps: [],
        toEnd: true,
      });
      // The state now is drawn over a stretch of time (it holds since its change), not as a mark at the end.
      let since = own.length - 1;
      while (since > 0 && own[since - 1].state === last.state) since--;
      expect(last.end - own[since].x).toBeGreaterThan(2);
    }
  });

  it('drills down from the grid to one service: its state and its timeline', async () => {
    await harness.open(`/a/agentmon-app/fleet?${rangeQuery}`);
    await renderAllPanels(harness.page);
    const link = panel(harness.page, 'Services now').getByRole('link', { name: 'Tool gateway', exact: true });
    harness.proxied.length = 0;
    await link.click();
    await harness.page.waitForURL(/\/a\/agentmon-app\/fleet\/service\/tool-gateway\?/);
    expect(Date.parse(new URL(harness.page.url()).searchParams.get('from')!)).toBe(
      Number(new URLSearchParams(rangeQuery).get('from'))
    );
    const rendered = await renderAllPanels(harness.page);
    expect(rendered.filter((p) => p.error)).toEqual([]);

    const now = panel(harness.page, 'Now');
    await now.getByRole('row').nth(1).waitFor();
    // Only this service: one header row and one row.
    expect(await now.getByRole('row').count()).toBe(2);
    const row = await now.getByRole('row').nth(1).textContent();
    expect(row).toContain('Tool gateway');
    expect(row).toContain('TOOL_SERVER');
    expect(row).toContain('DEGRADED');
    const stretches = panel(harness.page, 'State over time').locator('[data-testid="state-timeline-stretch"]');
    const states = await stretches.evaluateAll((nodes) => nodes.map((n) => n.querySelector('title')!.textContent));
    expect(states.length).toBeGreaterThan(0);
    expect(states.every((title) => title!.startsWith('Tool gateway: '))).toBe(true);
    expect(states.at(-1)).toBe('Tool gateway: DEGRADED');
  });

  it('draws the response times the API counts, for the fleet and for one service', async () => {
    // Retired services are no longer probed, so the page and the API read the same probes.
    await retireAll();
    await sleep(1000);
    harness.proxied.length = 0;
    await harness.open(`/a/agentmon-app/fleet?${rangeQuery}`);
    await renderAllPanels(harness.page);
    await expectHeatmapOfApi(harness, 'Response time distribution', 'HEALTH_PROBES');
    harness.proxied.length = 0;
    await harness.open(`/a/agentmon-app/fleet/service/tool-gateway?${rangeQuery}`);
    await renderAllPanels(harness.page);
    await expectHeatmapOfApi(harness, 'Response time distribution', 'HEALTH_PROBES', 'tool-gateway');
  });
});
