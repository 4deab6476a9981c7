import { panelSummary, drilldownPage, sceneOf } from '../../test/scenes';
import { agentsPage } from './agentsPage';

describe('Agents page', () => {
  const page = agentsPage();
  const panels = panelSummary(sceneOf(page));

  it('shows the agent stats filtered by $agent', () => {
    const stats = panels.flatMap((p) => p.queries.filter((q) => q.page === 'agents').map((q) => q.stat));
    expect(new Set(stats)).toEqual(
      new Set([
        'executions',
        'summary',
        'series',
        'byModel',
        'byProvider',
        'statuses',
        'dailyUsage',
        'agents',
        'errors',
      ])
    );
    // Models and providers are broken down across all agents: the API groups by one dimension.
    const unfiltered = panels
      .filter((p) => p.queries.some((q) => q.filter?.agent?.[0] !== '$agent'))
      .map((p) => p.title);
    expect(unfiltered).toEqual(['By model', 'By provider']);
  });

  it('has stat, time series, pie, heatmap and table panels', () => {
    expect(new Set(panels.map((p) => p.type))).toEqual(new Set(['stat', 'timeseries', 'piechart', 'heatmap', 'table']));
    expect(panels.find((p) => p.type === 'heatmap')?.queries[0]).toMatchObject({
      queryType: 'durationHeatmap',
      metric: 'AGENT_EXECUTIONS',
      filter: { agent: ['$agent'] },
    });
  });

  it('drills down from the agents table to one agent', () => {
    expect(panels.find((p) => p.title === 'Agents')?.links.slice(0, 1)).toEqual([
      '/a/agentmon-app/agents/agent/${__data.fields["key"]:percentencode}?${__url_time_range}&${datasource:queryparam}',
    ]);
    const detail = drilldownPage(page, { agent: 'research er' });
    expect(detail.state).toMatchObject({ title: 'research er', url: '/a/agentmon-app/agents/agent/research%20er' });
    const detailPanels = panelSummary(sceneOf(detail));
    expect(detailPanels.map((p) => p.title)).toContain('Recent executions');
    expect(detailPanels.every((p) => p.queries.every((q) => q.filter?.agent?.[0] === 'research er'))).toBe(true);
  });
});
