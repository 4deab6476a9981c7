import type { QueryFilter } from '../../datasource/types';
import { durationHeatmap } from '../../scenes/heatmapPanels';
import { drilldown } from '../../scenes/links';
import { hideField, linkField, periodCounts, pie, rightAxis, stat, table, timeSeries } from '../../scenes/panels';
import { type DashboardPageSpec, pageStat, type PageSpec, type RowSpec, VARIABLES } from '../../scenes/spec';

const SUMMARY_FIELDS = ['count', 'successRate', 'p95DurationMs', 'totalTokens', 'costUsd', 'unpriced'];

/** The rows the Agents page and one agent's page share, for a given filter. */
function agentRows(filter: QueryFilter): RowSpec[] {
  const q = { filter };
  return [
    {
      height: 5,
      panels: [
        periodCounts('Agent executions', pageStat('agents', 'executions', q), 6),
        stat('Agent executions in the time range', [pageStat('agents', 'summary', { ...q, fields: SUMMARY_FIELDS })], {
          width: 18,
        }),
      ],
    },
    {
      height: 8,
      panels: [
        timeSeries('Agent executions by status', [pageStat('agents', 'series', q)], {
          width: 12,
          bars: true,
          stacked: true,
        }),
        timeSeries(
          'Cost by agent',
          [{ queryType: 'timeSeries', metric: 'AGENT_EXECUTIONS', measure: 'COST_USD', groupBy: 'AGENT', ...q }],
          {
            width: 12,
            bars: true,
            stacked: true,
          }
        ),
      ],
    },
    {
      height: 8,
      panels: [
        timeSeries('Daily tokens and cost (30 days)', [pageStat('agents', 'dailyUsage', q)], {
          width: 24,
          bars: true,
          overrides: [rightAxis('costUsd')],
          // Daily buckets: the page's default last hour would hold at most one of them.
          timeFrom: '30d',
        }),
      ],
    },
    {
      height: 8,
      panels: [
        durationHeatmap('Agent execution duration distribution', { metric: 'AGENT_EXECUTIONS', filter }, { width: 24 }),
      ],
    },
  ];
}

/**
 * Models and providers across all agents: the API breaks a metric down by one dimension, so
 * these cannot be narrowed to an agent.
 */
const modelRow: RowSpec = {
  height: 8,
  panels: [
    pie('By model', pageStat('agents', 'byModel'), {
      width: 8,
      name: 'label',
      value: 'value',
      description: 'All agents.',
    }),
    pie('By provider', pageStat('agents', 'byProvider'), {
      width: 8,
      name: 'label',
      value: 'value',
      description: 'All agents.',
    }),
    pie('Agent execution statuses', pageStat('agents', 'statuses', { filter: { agent: ['$agent'] } }), {
      width: 8,
      name: 'status',
      value: 'count',
    }),
  ],
};

const recentErrors = (filter: QueryFilter) =>
  table('Recent errors', pageStat('agents', 'errors', { filter, limit: 20 }), { width: 24 });

export const agentsSpec: DashboardPageSpec = {
  uid: 'agentmon-agents',
  title: 'Agents',
  description: 'Which agents run, with which models and providers, how well, and what they cost.',
  variables: [VARIABLES.agent],
  annotations: [],
  rows: [
    ...agentRows({ agent: ['$agent'] }),
    modelRow,
    {
      height: 10,
      panels: [
        table('Agents', pageStat('agents', 'agents', { filter: { agent: ['$agent'] } }), {
          width: 24,
          overrides: [hideField('key'), linkField('label', 'Open agent', drilldown.agent())],
        }),
      ],
    },
    { height: 9, panels: [recentErrors({ agent: ['$agent'] })] },
  ],
};

export function agentDetailSpec(agent: string): PageSpec {
  const filter = { agent: [agent] };
  return {
    title: agent,
    description: `Agent ${agent}`,
    variables: [],
    annotations: [],
    rows: [
      ...agentRows(filter),
      {
        height: 8,
        panels: [
          pie('Agent execution statuses', pageStat('agents', 'statuses', { filter }), {
            width: 8,
            name: 'status',
            value: 'count',
          }),
          timeSeries(
            'Tokens',
            [{ queryType: 'timeSeries', metric: 'AGENT_EXECUTIONS', measure: 'TOTAL_TOKENS', filter }],
            {
              width: 16,
              bars: true,
            }
          ),
        ],
      },
      {
        height: 10,
        panels: [
          table('Recent executions', { queryType: 'list', list: 'agentExecutions', filter, limit: 100 }, { width: 24 }),
        ],
      },
      { height: 9, panels: [recentErrors(filter)] },
    ],
  };
}
