import { drilldown } from '../../scenes/links';
import { barGauge, figure, linkField, periodCounts, stat, table, timeSeries } from '../../scenes/panels';
import { type DashboardPageSpec, pageStat, type PageSpec, VARIABLES } from '../../scenes/spec';

const byUser = { filter: { user: ['$user'] } };

export const usersSpec: DashboardPageSpec = {
  uid: 'agentmon-users',
  title: 'Users',
  description: 'Who logs in, who is active now, and who runs and spends the most.',
  variables: [VARIABLES.user],
  annotations: [],
  rows: [
    {
      height: 5,
      panels: [
        periodCounts('Logins', pageStat('users', 'logins', byUser), 8),
        figure('Active sessions now', pageStat('users', 'activeSessions', byUser), {
          width: 4,
          description: 'Not ended and seen within the idle timeout.',
        }),
        stat(
          'Agent use in the time range',
          [pageStat('agents', 'summary', { ...byUser, fields: ['count', 'totalTokens', 'costUsd'] })],
          {
            width: 12,
          }
        ),
      ],
    },
    {
      height: 8,
      panels: [
        timeSeries('Logins per 10 minutes (last hour)', [pageStat('users', 'loginsPer10Minutes', byUser)], {
          width: 8,
          bars: true,
          // Ten-minute buckets over the last hour, whatever the dashboard's range.
          timeFrom: '1h',
        }),
        timeSeries('Logins and activity', [pageStat('users', 'series', byUser)], { width: 8 }),
        barGauge('Top users by cost', pageStat('users', 'topUsersByCost', byUser), {
          width: 8,
          name: 'userName',
          value: 'costUsd',
        }),
      ],
    },
    {
      height: 10,
      panels: [
        table('Users', pageStat('users', 'users', byUser), {
          width: 24,
          description: 'Users active in the time range, most recently seen first.',
        }),
      ],
    },
    {
      height: 8,
      panels: [table('Active sessions now', { queryType: 'list', list: 'activeSessions', ...byUser }, { width: 24 })],
    },
  ],
};

export function userDetailSpec(user: string): PageSpec {
  const filter = { user: [user] };
  return {
    title: user,
    description: `User ${user}`,
    variables: [],
    annotations: [],
    rows: [
      {
        height: 5,
        panels: [
          periodCounts('Logins', pageStat('users', 'logins', { filter }), 8),
          stat(
            'Agent use in the time range',
            [pageStat('agents', 'summary', { filter, fields: ['count', 'successRate', 'totalTokens', 'costUsd'] })],
            {
              width: 16,
            }
          ),
        ],
      },
      {
        height: 8,
        panels: [
          timeSeries('Logins and activity', [pageStat('users', 'series', { filter })], { width: 12 }),
          timeSeries(
            'Agent executions by status',
            [{ queryType: 'timeSeries', metric: 'AGENT_EXECUTIONS', groupBy: 'STATUS', filter }],
            {
              width: 12,
              bars: true,
              stacked: true,
            }
          ),
        ],
      },
      {
        height: 9,
        panels: [
          timeSeries(
            'Agent cost',
            [{ queryType: 'timeSeries', metric: 'AGENT_EXECUTIONS', measure: 'COST_USD', filter }],
            {
              width: 8,
              bars: true,
            }
          ),
          table(
            'Recent agent executions',
            { queryType: 'list', list: 'agentExecutions', filter, limit: 100 },
            { width: 16 }
          ),
        ],
      },
      {
        height: 9,
        panels: [
          table(
            'Workflow runs started',
            { queryType: 'list', list: 'workflowRuns', filter },
            {
              width: 12,
              overrides: [linkField('runId', 'Open run', drilldown.run())],
            }
          ),
          table('Recent plans', { queryType: 'list', list: 'recentPlans', filter }, { width: 12 }),
        ],
      },
      {
        height: 7,
        panels: [table('Active sessions now', { queryType: 'list', list: 'activeSessions', filter }, { width: 24 })],
      },
    ],
  };
}
