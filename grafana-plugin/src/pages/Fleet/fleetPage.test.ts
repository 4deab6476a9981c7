import { panelSummary, drilldownPage, requestErrors, requestsFor, sceneOf } from '../../test/scenes';
import { fleetPage } from './fleetPage';

describe('Fleet page', () => {
  const page = fleetPage();
  const panels = panelSummary(sceneOf(page));

  it('has the status grid, state timeline, uptime, response times and their distribution', () => {
    expect(panels.map((p) => [p.title, p.type])).toEqual(
      expect.arrayContaining([
        ['Services now', 'table'],
        ['States over time', 'state-timeline'],
        ['Uptime (share of probes up)', 'timeseries'],
        ['Response time p95', 'timeseries'],
        ['Response time distribution', 'heatmap'],
        ['State changes', 'table'],
      ])
    );
    expect(panels.find((p) => p.type === 'heatmap')?.queries[0]).toMatchObject({
      queryType: 'durationHeatmap',
      metric: 'HEALTH_PROBES',
    });
  });

  it('asks the API only what its schema answers', async () => {
    const { requests, buildErrors } = await requestsFor(
      panels.flatMap((p) => p.queries).map((q, i) => ({ ...q, refId: `Q${i}` }))
    );
    expect(buildErrors).toEqual([]);
    expect(requests.length).toBeGreaterThanOrEqual(panels.length);
    expect(requests.flatMap(requestErrors)).toEqual([]);
  });

  it('drills down from the grid to one service, every panel narrowed to it', async () => {
    expect(panels.find((p) => p.title === 'Services now')?.links.slice(0, 1)).toEqual([
      '/a/agentmon-app/fleet/service/${__data.fields["serviceId"]:percentencode}?${__url_time_range}&${datasource:queryparam}',
    ]);
    const detail = drilldownPage(page, { service: 'planner svc' });
    expect(detail.state).toMatchObject({ title: 'planner svc', url: '/a/agentmon-app/fleet/service/planner%20svc' });
    const detailPanels = panelSummary(sceneOf(detail));
    expect(detailPanels.map((p) => p.type)).toEqual(
      expect.arrayContaining(['table', 'state-timeline', 'heatmap', 'timeseries'])
    );
    expect(detailPanels.every((p) => p.queries.every((q) => q.filter?.service?.[0] === 'planner svc'))).toBe(true);
    const { requests, buildErrors } = await requestsFor(
      detailPanels.flatMap((p) => p.queries).map((q, i) => ({ ...q, refId: `Q${i}` }))
    );
    expect(buildErrors).toEqual([]);
    expect(requests.flatMap(requestErrors)).toEqual([]);
  });
});
