import { drilldown } from '../../scenes/links';
import { UNPRICED_DESCRIPTION } from '../../datasource/labels';
import { figure, HEALTHY_RATE, linkField, periodCounts, table, timeSeries, WAITING } from '../../scenes/panels';
import { ANNOTATION_LAYERS, type DashboardPageSpec, pageStat } from '../../scenes/spec';

export const overviewSpec: DashboardPageSpec = {
  uid: 'agentmon-overview',
  title: 'Overview',
  description: 'Quick figures of every area: logins, agents, tools, workflow runs, approvals and plans.',
  variables: [],
  annotations: [ANNOTATION_LAYERS.failedRuns, ANNOTATION_LAYERS.approvalDecisions],
  rows: [
    {
      height: 5,
      panels: [
        periodCounts('Logins', pageStat('overview', 'logins'), 5),
        periodCounts('Agent executions', pageStat('overview', 'agentExecutions'), 5),
        periodCounts('Tool executions', pageStat('overview', 'toolExecutions'), 5),
        periodCounts('Workflow runs', pageStat('overview', 'workflowRuns'), 5),
        periodCounts('Plans', pageStat('overview', 'plans'), 4),
      ],
    },
    {
      // What is true now, apart from the figures over the time range, each wide enough for its
      // whole title at 1440 px.
      height: 4,
      panels: [
        figure('Active sessions now', pageStat('overview', 'activeSessions'), { width: 6 }),
        figure('Running workflows now', pageStat('overview', 'runningWorkflows'), { width: 6 }),
        figure('Pending approvals now', pageStat('overview', 'pendingApprovals'), { width: 6, thresholds: WAITING }),
        figure('Plans pending approval now', pageStat('overview', 'plansPendingApproval'), {
          width: 6,
          thresholds: WAITING,
        }),
      ],
    },
    {
      height: 4,
      panels: [
        figure('Agent success rate', pageStat('overview', 'agentSuccessRate'), {
          width: 8,
          thresholds: HEALTHY_RATE,
          description: 'Over the time range.',
        }),
        figure('Tool success rate', pageStat('overview', 'toolSuccessRate'), {
          width: 8,
          thresholds: HEALTHY_RATE,
          description: 'Over the time range.',
        }),
        figure('Decided approvals', pageStat('overview', 'decidedApprovals'), {
          width: 8,
          description: 'Over the time range.',
        }),
      ],
    },
    {
      height: 8,
      panels: [
        timeSeries(
          'Agent executions by status',
          [{ queryType: 'timeSeries', metric: 'AGENT_EXECUTIONS', groupBy: 'STATUS' }],
          {
            width: 12,
            bars: true,
            stacked: true,
          }
        ),
        // The DAGs page's chart, so the same title shows the same series.
        timeSeries('Runs started and completed', [pageStat('dags', 'series')], { width: 12, bars: true }),
      ],
    },
    {
      height: 8,
      panels: [
        timeSeries('Logins and activity', [pageStat('users', 'series')], { width: 12 }),
        timeSeries(
          'Cost by agent',
          [{ queryType: 'timeSeries', metric: 'AGENT_EXECUTIONS', measure: 'COST_USD', groupBy: 'AGENT' }],
          {
            width: 8,
            bars: true,
            stacked: true,
          }
        ),
        // Beside the cost: what it leaves out (wide enough for its title at 1440 px).
        figure('Unpriced calls', pageStat('overview', 'unpricedAgentExecutions'), {
          width: 4,
          thresholds: WAITING,
          description: `Over the time range. ${UNPRICED_DESCRIPTION}`,
        }),
      ],
    },
    {
      // What failed and why comes first, wide enough for its message at 1440 px.
      height: 9,
      panels: [
        table(
          'Errors',
          { queryType: 'list', list: 'errors', limit: 50 },
          { width: 24, description: 'Failed and timed-out agent and tool executions.' }
        ),
      ],
    },
    {
      height: 9,
      panels: [table('Recent activity', { queryType: 'list', list: 'activity', limit: 50 }, { width: 24 })],
    },
    {
      height: 8,
      panels: [
        table(
          'Running workflows now',
          { queryType: 'list', list: 'runningWorkflows' },
          {
            width: 12,
            overrides: [linkField('runId', 'Open run', drilldown.run())],
          }
        ),
        table('Pending approvals now', { queryType: 'list', list: 'pendingApprovals' }, { width: 12 }),
      ],
    },
  ],
};
