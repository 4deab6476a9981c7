import { dataOf, type Harness, lastHourOfHistory, openHarness } from './support/harness';
import { panel, panelText, PERIOD, periodFigures, statFigures } from './support/panels';

/**
 * Rows a table panel shows (its grid counts them, header included; none when it says No data);
 * `nth`: the panel's place among those of its title (a figure and its table may share one).
 */
async function tableRows(harness: Harness, title: string, nth = 0): Promise<number> {
  await panelText(harness.page, title, nth);
  const grid = panel(harness.page, title, nth).locator('[role="grid"]');
  if ((await grid.count()) === 0) return 0;
  return Number(await grid.getAttribute('aria-rowcount')) - 1;
}

/** Opens a page on the range and reads the named panels' figures. */
async function figures(
  harness: Harness,
  page: string,
  range: string,
  titles: string[]
): Promise<Record<string, Record<string, string>>> {
  await harness.open(`/a/agentmon-app/${page}?${range}`);
  const read: Record<string, Record<string, string>> = {};
  for (const title of titles) read[title] = statFigures(await panelText(harness.page, title));
  return read;
}

// Overview, DAGs and Planner opened on the same data and range: a figure with the same title is
// the same number on each, and it is the API's.
describe('figures that Overview, DAGs and Planner share agree', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await openHarness();
  });

  afterAll(() => harness?.close());

  afterEach(() => expect(harness.pageErrors).toEqual([]));

  it('workflow runs, runs in progress, plans, plans pending approval and pending approvals', async () => {
    const { range, rangeQuery } = lastHourOfHistory(harness);
    const api = dataOf(
      await harness.query<any>(
        `query($range: TimeRangeInput) {
          overview(range: $range, timezone: "UTC") { workflowRuns { ${PERIOD} } runningWorkflows plans { ${PERIOD} } plansPendingApproval pendingApprovals }
          plannerStats(range: $range, timezone: "UTC") { recentPlans(first: 20) { id } }
          approvals(first: 1000, filter: { decision: [PENDING] }) { totalCount } }`,
        { range }
      )
    );
    const overview = await figures(harness, 'overview', rangeQuery, [
      'Workflow runs',
      'Running workflows now',
      'Plans',
      'Plans pending approval now',
      'Pending approvals now',
    ]);
    // The table below the figure of the same title.
    const pendingNowOnOverview = await tableRows(harness, 'Pending approvals now', 1);
    const dags = await figures(harness, 'dags', rangeQuery, ['Workflow runs', 'Running now']);
    const planner = await figures(harness, 'planner', rangeQuery, ['Plans', 'Plans pending approval now']);
    const pendingNowOnPlanner = await tableRows(harness, 'Pending approvals now');
    const recentPlans = await tableRows(harness, 'Recent plans');

    // The API's figures, as each page shows them.
    expect(overview['Workflow runs']).toMatchObject(periodFigures(api.overview.workflowRuns));
    expect(overview['Plans']).toMatchObject(periodFigures(api.overview.plans));
    expect(overview['Running workflows now']['']).toBe(String(api.overview.runningWorkflows));
    expect(overview['Plans pending approval now']['']).toBe(String(api.overview.plansPendingApproval));
    expect(overview['Pending approvals now']['']).toBe(String(api.overview.pendingApprovals));
    // The same figure on the other pages.
    expect(dags['Workflow runs']).toEqual(overview['Workflow runs']);
    expect(dags['Running now']).toEqual(overview['Running workflows now']);
    expect(planner['Plans']).toEqual(overview['Plans']);
    expect(planner['Plans pending approval now']).toEqual(overview['Plans pending approval now']);
    // "Pending approvals now" is every approval waiting now: the figure, and both tables of that name
    // (a table shows its first 50).
    expect(api.approvals.totalCount).toBe(api.overview.pendingApprovals);
    expect(pendingNowOnOverview).toBe(Math.min(api.overview.pendingApprovals, 50));
    expect(pendingNowOnPlanner).toBe(pendingNowOnOverview);
    // "Recent plans" lists the range's plans only.
    expect(recentPlans).toBe(api.plannerStats.recentPlans.length);
  });
});
