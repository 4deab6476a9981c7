import { LISTS } from '../datasource/queries/list';
import type { PanelQuery, PageSpec } from '../scenes/spec';
import { agentDetailSpec } from './Agents/agentsPanels';
import { runDetailSpec, workflowDetailSpec } from './Dags/dagsPanels';
import { DASHBOARD_SPECS } from './dashboardSpecs';
import { toolDetailSpec } from './Tools/toolsPanels';
import { userDetailSpec } from './Users/usersPanels';

// Titles across every page: one title means one figure, and a list shows the time range's
// records unless its title says it shows what is true "now".

const PAGES: PageSpec[] = [
  ...DASHBOARD_SPECS,
  userDetailSpec('u-1'),
  toolDetailSpec('t'),
  agentDetailSpec('a'),
  workflowDetailSpec('w'),
  runDetailSpec('r'),
];
const panels = PAGES.flatMap((page) =>
  page.rows.flatMap((row) => row.panels.map((panel) => ({ page: page.title, ...panel })))
);

/** Page figures that are the same figure under another page's name (the same records, counted the same way). */
const SAME_FIGURE: Record<string, string> = {
  'pageStat users.logins': 'pageStat overview.logins',
  'pageStat agents.executions': 'pageStat overview.agentExecutions',
  'pageStat tools.executions': 'pageStat overview.toolExecutions',
  'pageStat dags.runs': 'pageStat overview.workflowRuns',
  'pageStat planner.plans': 'pageStat overview.plans',
  'pageStat planner.plansPendingApproval': 'pageStat overview.plansPendingApproval',
  'pageStat users.activeSessions': 'pageStat overview.activeSessions',
  'pageStat planner.recentPlans': 'list recentPlans',
  'pageStat agents.series': 'timeSeries AGENT_EXECUTIONS.COUNT.STATUS',
};

function meaning(query: PanelQuery): string {
  const id =
    query.queryType === 'pageStat'
      ? `pageStat ${query.page}.${query.stat}`
      : query.queryType === 'list'
        ? `list ${query.list}`
        : `${query.queryType} ${query.metric}.${query.measure ?? 'COUNT'}.${query.groupBy ?? query.by ?? ''}`;
  return SAME_FIGURE[id] ?? id;
}

describe('figure titles', () => {
  it('one title means one figure on every page', () => {
    const byTitle = new Map<string, Set<string>>();
    for (const panel of panels) {
      const key = panel.queries.map(meaning).sort().join(' + ');
      byTitle.set(panel.title, new Set([...(byTitle.get(panel.title) ?? []), key]));
    }
    const ambiguous = [...byTitle.entries()]
      .filter(([, meanings]) => meanings.size > 1)
      .map(([title, meanings]) => `${title}: ${[...meanings].join(' | ')}`);
    expect(ambiguous).toEqual([]);
  });

  it('"Pending approvals" are approvals waiting for a decision; plans waiting for approval have their own title', () => {
    for (const panel of panels.filter((p) => /pending approval/i.test(p.title))) {
      const queries = panel.queries.map(meaning);
      const expected = /^Plans pending approval/.test(panel.title)
        ? ['pageStat overview.plansPendingApproval']
        : ['pageStat overview.pendingApprovals', 'list pendingApprovals'];
      expect(queries.filter((q) => !expected.includes(q))).toEqual([]);
    }
  });

  it('every list is bound to the time range unless its title says "now" (or it lists one run)', () => {
    const ctx = { from: 'from', to: 'to' } as never;
    const unbound = panels
      .filter((panel) => panel.queries.some((q) => q.queryType === 'list'))
      .filter((panel) => !/\bnow\b/i.test(panel.title))
      .filter((panel) =>
        panel.queries.some((q) => {
          if (q.runId) {
            return false;
          }
          const connection = LISTS[q.list!].connection;
          const timed =
            q.list === 'errors' || connection?.timed || 'range' in (connection?.args?.(q as never, ctx) ?? {});
          return !timed;
        })
      )
      .map((panel) => `${panel.page}: ${panel.title}`);
    expect(unbound).toEqual([]);
    // And the lists of "now" say so.
    const now = panels.filter((panel) =>
      panel.queries.some(
        (q) =>
          q.queryType === 'list' &&
          !LISTS[q.list!].connection?.timed &&
          ['activeSessions', 'runningWorkflows', 'pendingApprovals'].includes(q.list!)
      )
    );
    expect(now.length).toBeGreaterThan(3);
    expect(now.filter((panel) => !/\bnow\b/i.test(panel.title)).map((panel) => panel.title)).toEqual([]);
  });
});
