import type { QueryFilter } from '../../datasource/types';
import { durationHeatmap, hourOfDayHeatmap } from '../../scenes/heatmapPanels';
import { drilldown } from '../../scenes/links';
import { figure, hideField, linkField, periodCounts, pie, stat, table, timeSeries, WAITING } from '../../scenes/panels';
import {
  ANNOTATION_LAYERS,
  type DashboardPageSpec,
  pageStat,
  type PageSpec,
  type RowSpec,
  VARIABLES,
} from '../../scenes/spec';

const SUMMARY_FIELDS = ['count', 'failure', 'successRate', 'avgDurationMs', 'p95DurationMs'];

/** The rows the DAGs page and one workflow's page share, for a given filter. */
function dagRows(filter: QueryFilter): RowSpec[] {
  const q = { filter };
  return [
    {
      height: 5,
      panels: [
        periodCounts('Workflow runs', pageStat('dags', 'runs', q), 6),
        figure('Running now', pageStat('dags', 'runningNow', q), { width: 3 }),
        // Wide enough for its whole title at 1440 px.
        figure('Waiting for approval now', pageStat('dags', 'waitingApprovalNow', q), {
          width: 4,
          thresholds: WAITING,
        }),
        stat('Runs in the time range', [pageStat('dags', 'summary', { ...q, fields: SUMMARY_FIELDS })], { width: 11 }),
      ],
    },
    {
      height: 8,
      panels: [
        timeSeries('Runs started and completed', [pageStat('dags', 'series', q)], { width: 16, bars: true }),
        pie('Runs by status', pageStat('dags', 'statuses', q), { width: 8, name: 'status', value: 'count' }),
      ],
    },
    {
      height: 8,
      panels: [
        durationHeatmap('Run duration distribution', { metric: 'WORKFLOW_RUNS', filter }, { width: 12 }),
        durationHeatmap('Task duration distribution', { metric: 'TASK_RUNS', filter }, { width: 12 }),
      ],
    },
    {
      height: 9,
      panels: [
        hourOfDayHeatmap(
          'Task completions by hour of day (14 days)',
          { metric: 'TASK_RUNS_COMPLETED', filter },
          { width: 24, timeFrom: '14d' }
        ),
      ],
    },
  ];
}

const runsTable = (title: string, list: 'runningWorkflows' | 'workflowRuns', filter: QueryFilter, width: number) =>
  table(
    title,
    { queryType: 'list', list, filter },
    { width, overrides: [linkField('runId', 'Open run', drilldown.run())] }
  );

const byWorkflow = { workflow: ['$workflow'] };

export const dagsSpec: DashboardPageSpec = {
  uid: 'agentmon-dags',
  title: 'DAGs',
  description:
    'How workflows (DAGs) run: runs started and completed, failures, runs in progress and waiting for a person.',
  variables: [VARIABLES.workflow],
  annotations: [{ ...ANNOTATION_LAYERS.failedRuns, filter: byWorkflow }, ANNOTATION_LAYERS.approvalDecisions],
  rows: [
    ...dagRows(byWorkflow),
    {
      height: 10,
      panels: [
        table('Workflows', pageStat('dags', 'workflows', { filter: byWorkflow }), {
          width: 24,
          overrides: [hideField('key'), linkField('label', 'Open workflow', drilldown.workflow())],
        }),
      ],
    },
    // Recent runs (with their status and error) before the runs still going, each wide enough
    // for its error at 1440 px.
    { height: 9, panels: [runsTable('Recent runs', 'workflowRuns', byWorkflow, 24)] },
    { height: 8, panels: [runsTable('Runs in progress now', 'runningWorkflows', byWorkflow, 24)] },
  ],
};

export function workflowDetailSpec(workflow: string): PageSpec {
  const filter = { workflow: [workflow] };
  return {
    title: workflow,
    description: `Workflow ${workflow}`,
    variables: [],
    annotations: [{ ...ANNOTATION_LAYERS.failedRuns, filter }],
    rows: [
      ...dagRows(filter),
      {
        height: 8,
        panels: [
          timeSeries(
            'Task runs by status',
            [{ queryType: 'timeSeries', metric: 'TASK_RUNS', groupBy: 'STATUS', filter }],
            {
              width: 24,
              bars: true,
              stacked: true,
            }
          ),
        ],
      },
      { height: 12, panels: [runsTable('Runs', 'workflowRuns', filter, 24)] },
    ],
  };
}

/** One run: its task attempts (the task graph is drawn above them by the page). */
export function runDetailSpec(runId: string): PageSpec {
  return {
    title: `Run ${runId}`,
    description: `Workflow run ${runId}`,
    variables: [],
    annotations: [],
    rows: [
      {
        height: 10,
        panels: [table('Task runs', { queryType: 'list', list: 'taskRuns', runId, limit: 500 }, { width: 24 })],
      },
    ],
  };
}
