import { panelSummary, sceneOf } from '../../test/scenes';
import { plannerPage } from './plannerPage';

describe('Planner page', () => {
  const page = plannerPage();
  const panels = panelSummary(sceneOf(page));

  it('shows every figure of the planner stats', () => {
    const stats = panels.flatMap((p) => p.queries.filter((q) => q.page === 'planner').map((q) => q.stat));
    expect(new Set(stats)).toEqual(
      new Set([
        'plans',
        'conversations',
        'approvalRate',
        'plansPendingApproval',
        'avgTimeToDecisionMs',
        'series',
        'statusDistribution',
        'topUsers',
        'recentPlans',
      ])
    );
  });

  it('has stat, time series, pie, bar gauge and table panels', () => {
    expect(new Set(panels.map((p) => p.type))).toEqual(
      new Set(['stat', 'timeseries', 'piechart', 'bargauge', 'table'])
    );
  });
});
