import {
  type FieldNode,
  getNamedType,
  getOperationAST,
  type GraphQLObjectType,
  parse,
  type SelectionSetNode,
} from 'graphql';
import type { GraphQLRequest } from '../datasource/api';
import type { PanelQuery, PageSpec, PanelSpec } from '../scenes/spec';
import { FROM } from '../test/fixtures';
import { requestsFor } from '../test/scenes';
import { apiSchema, describesNow } from '../test/schemaTransport';
import { agentDetailSpec } from './Agents/agentsPanels';
import { runDetailSpec, workflowDetailSpec } from './Dags/dagsPanels';
import { DASHBOARD_SPECS } from './dashboardSpecs';
import { serviceDetailSpec } from './Fleet/fleetPanels';
import { toolDetailSpec } from './Tools/toolsPanels';
import { userDetailSpec } from './Users/usersPanels';

// Titles across every page: one title means one figure, and a figure shows the time range's
// records unless its title says it shows what is true "now".

const PAGES: PageSpec[] = [
  ...DASHBOARD_SPECS,
  userDetailSpec('u-1'),
  toolDetailSpec('t'),
  agentDetailSpec('a'),
  workflowDetailSpec('w'),
  runDetailSpec('r'),
];
const panelsOf = (pages: PageSpec[]) =>
  pages.flatMap((page) => page.rows.flatMap((row) => row.panels.map((panel) => ({ page: page.title, ...panel }))));
const panels = panelsOf(PAGES);

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
  // A count of what is true now, titled as the list of the same records.
  'pageStat overview.activeSessions': 'list activeSessions',
  'pageStat overview.runningWorkflows': 'list runningWorkflows',
  'pageStat overview.pendingApprovals': 'list pendingApprovals',
};

function meaning(query: PanelQuery): string {
  let id =
    query.queryType === 'pageStat'
      ? `pageStat ${query.page}.${query.stat}`
      : query.queryType === 'list'
        ? `list ${query.list}`
        : `${query.queryType} ${query.metric}.${query.measure ?? 'COUNT'}.${query.groupBy ?? query.by ?? ''}`;
  while (id in SAME_FIGURE) {
    id = SAME_FIGURE[id];
  }
  return id;
}

/**
 * The schema field a request takes its figure from: the last of the fields selected alone below
 * the root (`overview { activeSessions }` → activeSessions; `services { id name … }` → services);
 * none when it selects several root fields.
 */
function figureField({ query }: GraphQLRequest): { description?: string | null } {
  let type = apiSchema.getQueryType()!;
  let selections: SelectionSetNode | undefined = getOperationAST(parse(query))!.selectionSet;
  let figure = {};
  while (selections?.selections.length === 1 && selections.selections[0].kind === 'Field') {
    const node: FieldNode = selections.selections[0];
    const field = type.getFields()[node.name.value];
    figure = field;
    type = getNamedType(field.type) as GraphQLObjectType;
    selections = node.selectionSet;
  }
  return figure;
}

/** Whether a request passes the time range: a variable it declares holds the range's start. */
function passesRange({ query, variables = {} }: GraphQLRequest): boolean {
  const declared = getOperationAST(parse(query))!.variableDefinitions ?? [];
  return declared.some((d) => JSON.stringify(variables[d.variable.name.value] ?? null).includes(FROM));
}

/**
 * Whether a panel shows what is true now rather than over its time range, as the API answers it:
 * none of its requests passes the time range, or the schema describes each figure as one of "now"
 * (the page queries take a range for their other figures).
 */
async function showsNow(panel: PanelSpec): Promise<boolean> {
  const { requests, buildErrors } = await requestsFor(
    panel.queries.map((query, i) => ({ ...query, refId: `Q${i}` })),
    { user: 'u-1', workflow: 'w' }
  );
  expect({ panel: panel.title, buildErrors }).toEqual({ panel: panel.title, buildErrors: [] });
  expect(requests.length).toBeGreaterThan(0);
  return requests.every((request) => describesNow(figureField(request)) || !passesRange(request));
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

  it('a figure of what is true now says "now" in its title, and a figure over the time range does not', async () => {
    // A service's page draws the fleet's charts for one service, under the same titles (so it is
    // left out above). One run's task runs are neither over the range nor of now.
    const figures = panelsOf([...PAGES, serviceDetailSpec('s')]).filter((panel) => !panel.queries.some((q) => q.runId));
    const titles = await Promise.all(
      figures.map(async (panel) => ({
        where: `${panel.page}: ${panel.title}`,
        now: await showsNow(panel),
        titleSaysNow: /\bnow\b/i.test(panel.title),
      }))
    );
    expect(titles.filter((t) => t.now !== t.titleSaysNow)).toEqual([]);
    // Stats and lists of every kind of "now" the pages show.
    expect(titles.filter((t) => t.now).map((t) => t.where)).toEqual(
      expect.arrayContaining([
        'Overview: Active sessions now',
        'Overview: Running workflows now',
        'Overview: Pending approvals now',
        'Overview: Plans pending approval now',
        'DAGs: Running now',
        'DAGs: Waiting for approval now',
        'DAGs: Runs in progress now',
        'Planner: Plans pending approval now',
        'Users: Active sessions now',
        'Fleet: Services now',
      ])
    );
  });
});
