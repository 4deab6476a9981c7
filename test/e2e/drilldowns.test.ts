import { dataOf, type Harness, openHarness } from './support/harness';
import { followFirstLink, panelText, renderAllPanels, saveScreenshot, statFigures } from './support/panels';

// A day of the seeded history: the Users table lists users who logged in within the range.
const RANGE_MS = 24 * 3_600_000;

describe('drill-downs from a table row to its detail page', () => {
  let harness: Harness;
  let range: { from: string; to: string };
  let rangeQuery: string;
  let fromMs: number;

  beforeAll(async () => {
    harness = await openHarness();
    const to = harness.historyEnd.getTime();
    range = { from: new Date(to - RANGE_MS).toISOString(), to: new Date(to).toISOString() };
    fromMs = to - RANGE_MS;
    rangeQuery = `from=${fromMs}&to=${to}`;
  });

  afterAll(() => harness?.close());

  afterEach(() => expect(harness.pageErrors).toEqual([]));

  /** Opens a list page, follows the first link of `table`, and checks the detail page it lands on. */
  async function drillDown(list: string, table: string, segment: string): Promise<string> {
    await harness.open(`/a/agentmon-app/${list}?${rangeQuery}`);
    const href = await followFirstLink(harness.page, table, `/${segment}/`);
    const url = new URL(href, 'http://harness');
    const [, value] = new RegExp(`/${segment}/([^/]+)$`).exec(url.pathname)!;
    // The link keeps the time range (as ISO dates), as the page's data links say.
    expect(Date.parse(url.searchParams.get('from')!)).toBe(fromMs);
    const rendered = await renderAllPanels(harness.page);
    expect(rendered.length).toBeGreaterThan(0);
    expect(rendered.filter((p) => p.error)).toEqual([]);
    return decodeURIComponent(value);
  }

  it('agent: the agent page shows that agent’s executions', async () => {
    const agent = await drillDown('agents', 'Agents', 'agent');
    await harness.page.getByRole('heading', { name: agent }).waitFor();
    const data = dataOf(
      await harness.query<any>(
        'query($range: TimeRangeInput, $agent: [String!]) { agentStats(range: $range, timezone: "UTC", filter: { agent: $agent }) { summary { count } } }',
        { range, agent: [agent] }
      )
    );
    expect(statFigures(await panelText(harness.page, 'Agent executions in the time range'))).toMatchObject({
      Count: String(data.agentStats.summary.count),
    });
  });

  it('tool: the tool page shows that tool’s calls', async () => {
    const tool = await drillDown('tools', 'Tools', 'tool');
    await harness.page.getByRole('heading', { name: tool }).waitFor();
    const data = dataOf(
      await harness.query<any>(
        'query($range: TimeRangeInput, $tool: [String!]) { toolStats(range: $range, timezone: "UTC", filter: { tool: $tool }) { summary { count } } }',
        { range, tool: [tool] }
      )
    );
    expect(statFigures(await panelText(harness.page, 'Tool calls in the time range'))).toMatchObject({
      Count: String(data.toolStats.summary.count),
    });
  });

  it('user: the user page shows that user’s logins', async () => {
    const user = await drillDown('users', 'Users', 'user');
    await harness.page.getByRole('heading', { name: user }).waitFor();
    const data = dataOf(
      await harness.query<any>(
        'query($range: TimeRangeInput, $user: [String!]) { userStats(range: $range, timezone: "UTC", filter: { user: $user }) { logins { allTime } } }',
        { range, user: [user] }
      )
    );
    expect(statFigures(await panelText(harness.page, 'Logins'))).toMatchObject({
      'All time': String(data.userStats.logins.allTime),
    });
  });

  it('workflow → run: the run page draws its task graph as the API reports it', async () => {
    const workflow = await drillDown('dags', 'Workflows', 'workflow');
    const runs = dataOf(
      await harness.query<any>(
        'query($range: TimeRangeInput, $workflow: [String!]) { dagStats(range: $range, timezone: "UTC", filter: { workflow: $workflow }) { runs { allTime } } }',
        { range, workflow: [workflow] }
      )
    );
    expect(statFigures(await panelText(harness.page, 'Workflow runs'))).toMatchObject({
      'All time': String(runs.dagStats.runs.allTime),
    });

    const href = await followFirstLink(harness.page, 'Runs', '/run/');
    const runId = decodeURIComponent(/\/run\/([^/?]+)/.exec(href)![1]);
    const graph = harness.page.getByTestId('run-task-graph');
    await graph.waitFor();
    const rendered = await renderAllPanels(harness.page);
    expect(rendered).toEqual([{ title: 'Task runs', error: undefined }]);

    const { workflowRun } = dataOf(
      await harness.query<any>(
        'query($runId: String) { workflowRun(runId: $runId) { workflow { key nodes { key } } taskRuns { nodeKey attempt status } } }',
        { runId }
      )
    );
    expect(workflowRun.workflow.key).toBe(workflow);
    // Each node shows its latest attempt's status, or NOT_STARTED.
    const latest = new Map<string, { attempt: number; status: string }>();
    for (const task of workflowRun.taskRuns) {
      if ((latest.get(task.nodeKey)?.attempt ?? -1) < task.attempt) latest.set(task.nodeKey, task);
    }
    const expected = workflowRun.workflow.nodes
      .map((node: { key: string }) => latest.get(node.key)?.status ?? 'NOT_STARTED')
      .sort();
    const shown = await graph
      .locator('g[data-state]')
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-state')));
    expect(shown.sort()).toEqual(expected);
    await saveScreenshot(harness.page, 'dags-run');
  });
});
