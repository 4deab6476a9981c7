import type { QueryFilter } from '../../datasource/types';
import { durationHeatmap } from '../../scenes/heatmapPanels';
import { drilldown } from '../../scenes/links';
import { barGauge, hideField, linkField, periodCounts, pie, stat, table, timeSeries } from '../../scenes/panels';
import { type DashboardPageSpec, pageStat, type PageSpec, type RowSpec, VARIABLES } from '../../scenes/spec';

const SUMMARY_FIELDS = ['count', 'failure', 'successRate', 'avgDurationMs', 'p95DurationMs'];

/** The rows the Tools page and one tool's page share, for a given filter. */
function toolRows(filter: QueryFilter): RowSpec[] {
  const q = { filter };
  return [
    {
      height: 5,
      panels: [
        periodCounts('Tool executions', pageStat('tools', 'executions', q), 6),
        stat('Tool calls in the time range', [pageStat('tools', 'summary', { ...q, fields: SUMMARY_FIELDS })], {
          width: 18,
        }),
      ],
    },
    {
      height: 8,
      panels: [
        timeSeries('Tool calls by status', [pageStat('tools', 'series', q)], { width: 16, bars: true, stacked: true }),
        pie('Tool call statuses', pageStat('tools', 'statuses', q), { width: 8, name: 'status', value: 'count' }),
      ],
    },
    {
      height: 8,
      panels: [
        timeSeries(
          'p95 duration by tool',
          [{ queryType: 'timeSeries', metric: 'TOOL_EXECUTIONS', measure: 'P95_DURATION_MS', groupBy: 'TOOL', ...q }],
          {
            width: 12,
          }
        ),
        barGauge(
          'Failures by tool',
          { queryType: 'breakdown', metric: 'TOOL_EXECUTIONS', by: 'TOOL', measure: 'FAILURE', ...q },
          {
            width: 12,
            name: 'label',
            value: 'value',
          }
        ),
      ],
    },
    {
      height: 8,
      panels: [
        durationHeatmap('Tool execution duration distribution', { metric: 'TOOL_EXECUTIONS', filter }, { width: 24 }),
      ],
    },
  ];
}

const toolErrors = (filter: QueryFilter) =>
  table('Recent tool errors', { queryType: 'list', list: 'errors', filter, limit: 50 }, { width: 24 });

export const toolsSpec: DashboardPageSpec = {
  uid: 'agentmon-tools',
  title: 'Tools',
  description: 'Which tools agents call, how often they fail or time out, and how slow they are.',
  variables: [VARIABLES.tool],
  annotations: [],
  rows: [
    ...toolRows({ tool: ['$tool'] }),
    {
      height: 10,
      panels: [
        table('Tools', pageStat('tools', 'tools', { filter: { tool: ['$tool'] } }), {
          width: 24,
          overrides: [hideField('key'), linkField('label', 'Open tool', drilldown.tool())],
        }),
      ],
    },
    { height: 9, panels: [toolErrors({ tool: ['$tool'] })] },
  ],
};

export function toolDetailSpec(tool: string): PageSpec {
  const filter = { tool: [tool] };
  return {
    title: tool,
    description: `Tool ${tool}`,
    variables: [],
    annotations: [],
    rows: [
      ...toolRows(filter),
      {
        height: 10,
        panels: [
          table('Recent calls', { queryType: 'list', list: 'toolExecutions', filter, limit: 100 }, { width: 24 }),
        ],
      },
      { height: 9, panels: [toolErrors(filter)] },
    ],
  };
}
