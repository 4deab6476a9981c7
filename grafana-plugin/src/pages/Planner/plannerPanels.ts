import { barGauge, figure, HEALTHY_RATE, periodCounts, pie, table, timeSeries, WAITING } from '../../scenes/panels';
import { ANNOTATION_LAYERS, type DashboardPageSpec, pageStat, VARIABLES } from '../../scenes/spec';

const byUser = { filter: { user: ['$user'] } };

export const plannerSpec: DashboardPageSpec = {
  uid: 'agentmon-planner',
  title: 'Planner',
  description:
    'What the planner proposes: plans and conversations, how many a person approves, and how long that takes.',
  variables: [VARIABLES.user],
  annotations: [ANNOTATION_LAYERS.planDecisions],
  rows: [
    {
      height: 5,
      panels: [
        periodCounts('Plans', pageStat('planner', 'plans', byUser), 6),
        periodCounts('Conversations', pageStat('planner', 'conversations', byUser), 6),
        figure('Approval rate', pageStat('planner', 'approvalRate', byUser), { width: 3, thresholds: HEALTHY_RATE }),
        // Wide enough for its whole title at 1440 px.
        figure('Plans pending approval now', pageStat('planner', 'plansPendingApproval', byUser), {
          width: 5,
          thresholds: WAITING,
        }),
        figure('Avg time to decision', pageStat('planner', 'avgTimeToDecisionMs', byUser), { width: 4 }),
      ],
    },
    {
      height: 8,
      panels: [
        timeSeries('Plans and conversations', [pageStat('planner', 'series', byUser)], { width: 16, bars: true }),
        pie('Plans by status', pageStat('planner', 'statusDistribution', byUser), {
          width: 8,
          name: 'status',
          value: 'count',
        }),
      ],
    },
    {
      height: 9,
      panels: [
        barGauge('Top users', pageStat('planner', 'topUsers', byUser), { width: 8, name: 'label', value: 'value' }),
        table('Recent plans', pageStat('planner', 'recentPlans', { ...byUser, limit: 20 }), { width: 16 }),
      ],
    },
    {
      height: 8,
      panels: [
        table(
          'Pending approvals now',
          { queryType: 'list', list: 'pendingApprovals' },
          {
            width: 24,
            description: 'Every approval waiting for a decision now: of plans and of workflow runs.',
          }
        ),
      ],
    },
  ],
};
