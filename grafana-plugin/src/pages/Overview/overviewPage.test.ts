import { sceneGraph } from '@grafana/scenes';
import { NoEventsYet } from '../../scenes/NoEventsYet';
import { panelSummary, sceneOf } from '../../test/scenes';
import { overviewPage } from './overviewPage';

describe('Overview page', () => {
  const page = overviewPage();
  const scene = sceneOf(page);
  const panels = panelSummary(scene);

  it('lives at /a/agentmon-app/overview', () => {
    expect(page.state).toMatchObject({ url: '/a/agentmon-app/overview', routePath: 'overview/*', title: 'Overview' });
  });

  it('shows every figure of the Overview statistics', () => {
    const stats = panels.flatMap((p) => p.queries.filter((q) => q.page === 'overview').map((q) => q.stat));
    expect(stats.sort()).toEqual(
      [
        'logins',
        'activeSessions',
        'workflowRuns',
        'runningWorkflows',
        'agentExecutions',
        'agentSuccessRate',
        'unpricedAgentExecutions',
        'toolExecutions',
        'toolSuccessRate',
        'pendingApprovals',
        'decidedApprovals',
        'plans',
        'plansPendingApproval',
      ].sort()
    );
  });

  it('has stat, time series and table panels', () => {
    expect(new Set(panels.map((p) => p.type))).toEqual(new Set(['stat', 'timeseries', 'table']));
    expect(panels.find((p) => p.title === 'Agent executions by status')?.queries).toEqual([
      expect.objectContaining({ queryType: 'timeSeries', metric: 'AGENT_EXECUTIONS', groupBy: 'STATUS' }),
    ]);
    expect(panels.filter((p) => p.type === 'table').map((p) => p.queries[0].list)).toEqual([
      'errors',
      'activity',
      'runningWorkflows',
      'pendingApprovals',
    ]);
  });

  it('tells a new user how to send the first event', () => {
    expect(sceneGraph.findAllObjects(scene, (o) => o instanceof NoEventsYet)).toHaveLength(1);
  });
});
