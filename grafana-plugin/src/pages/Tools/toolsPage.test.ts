import { panelSummary, drilldownPage, sceneOf } from '../../test/scenes';
import { toolsPage } from './toolsPage';

describe('Tools page', () => {
  const page = toolsPage();
  const panels = panelSummary(sceneOf(page));

  it('shows the tool stats filtered by $tool', () => {
    const stats = panels.flatMap((p) => p.queries.filter((q) => q.page === 'tools').map((q) => q.stat));
    expect(new Set(stats)).toEqual(new Set(['executions', 'summary', 'series', 'statuses', 'tools']));
    expect(panels.every((p) => p.queries.every((q) => q.filter?.tool?.[0] === '$tool'))).toBe(true);
  });

  it('has stat, time series, bar gauge, pie, heatmap and table panels', () => {
    expect(new Set(panels.map((p) => p.type))).toEqual(
      new Set(['stat', 'timeseries', 'bargauge', 'piechart', 'heatmap', 'table'])
    );
    expect(panels.find((p) => p.type === 'heatmap')?.queries[0]).toMatchObject({
      queryType: 'durationHeatmap',
      metric: 'TOOL_EXECUTIONS',
    });
  });

  it('drills down to one tool with its calls and errors', () => {
    const detail = drilldownPage(page, { tool: 'web_search' });
    expect(detail.state.url).toBe('/a/agentmon-app/tools/tool/web_search');
    const lists = panelSummary(sceneOf(detail))
      .flatMap((p) => p.queries.map((q) => q.list))
      .filter(Boolean);
    expect(lists).toEqual(['toolExecutions', 'errors']);
  });
});
