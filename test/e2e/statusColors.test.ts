import { NAMED_SERIES_COLORS, STATUS_COLORS } from '../../grafana-plugin/src/statusColors';
import { rgb } from './support/colors';
import { type Harness, openHarness } from './support/harness';
import { panel, renderAllPanels, followFirstLink } from './support/panels';

/**
 * The status palette as drawn: legend colours read from the rendered page (the harness's dark
 * theme) of a time series, a pie and the run graph, each against the palette.
 */

/** What each shown status should look like. */
const expected = (statuses: string[]) =>
  Object.fromEntries(statuses.map((status) => [status, rgb(STATUS_COLORS[status])]));

describe('status colours as rendered', () => {
  let harness: Harness;
  let rangeQuery: string;

  beforeAll(async () => {
    harness = await openHarness();
    const to = harness.historyEnd.getTime();
    rangeQuery = `from=${to - 24 * 3_600_000}&to=${to}`;
  });

  afterAll(() => harness?.close());

  afterEach(() => expect(harness.pageErrors).toEqual([]));

  /** A time series panel's legend: each series' name and the colour of its icon. */
  async function timeSeriesLegend(title: string): Promise<Record<string, string>> {
    const items = panel(harness.page, title).locator('[data-testid^="data-testid VizLegend series "]');
    await items.first().waitFor();
    return Object.fromEntries(
      await items.evaluateAll((nodes) =>
        nodes.map((node) => [
          node.getAttribute('data-testid')!.replace('data-testid VizLegend series ', ''),
          getComputedStyle(node.querySelector('[data-testid="series-icon"]')!).backgroundColor,
        ])
      )
    );
  }

  it('a time series legend: Overview, agent executions by status', async () => {
    await harness.open(`/a/agentmon-app/overview?${rangeQuery}`);
    await renderAllPanels(harness.page);
    const legend = await timeSeriesLegend('Agent executions by status');
    expect(Object.keys(legend)).toEqual(expect.arrayContaining(['SUCCESS', 'FAILURE']));
    expect(legend).toEqual(expected(Object.keys(legend)));
  });

  // Beside a status chart, series that are not statuses are purple: not green "Plans", yellow "Completed".
  it.each([
    ['dags', 'Runs started and completed', { Started: 'started', Completed: 'completed' }],
    ['planner', 'Plans and conversations', { Plans: 'plans', Conversations: 'conversations' }],
  ])('series that are not statuses: %s, %s, in their shades of purple', async (page, title, keys) => {
    await harness.open(`/a/agentmon-app/${page}?${rangeQuery}`);
    await renderAllPanels(harness.page);
    expect(await timeSeriesLegend(title)).toEqual(
      Object.fromEntries(Object.entries(keys).map(([name, key]) => [name, rgb(NAMED_SERIES_COLORS[key])]))
    );
  });

  it('a pie legend: Tools, tool call statuses', async () => {
    await harness.open(`/a/agentmon-app/tools?${rangeQuery}`);
    await renderAllPanels(harness.page);
    const rows = panel(harness.page, 'Tool call statuses').locator('table tr');
    await rows.first().waitFor();
    const legend: Record<string, string> = Object.fromEntries(
      await rows.evaluateAll((nodes) =>
        nodes.map((row) => {
          const cell = row.querySelector('td')!;
          return [cell.textContent!.trim(), getComputedStyle(cell.querySelector('span')!).backgroundColor];
        })
      )
    );
    expect(Object.keys(legend)).toEqual(expect.arrayContaining(['SUCCESS', 'FAILURE']));
    expect(legend).toEqual(expected(Object.keys(legend)));
  });

  it('the run graph: its legend and each node', async () => {
    await harness.open(`/a/agentmon-app/dags?${rangeQuery}`);
    await renderAllPanels(harness.page);
    await followFirstLink(harness.page, 'Workflows');
    await renderAllPanels(harness.page);
    await followFirstLink(harness.page, 'Runs', '/run/');
    const graph = harness.page.getByTestId('run-task-graph');
    await graph.waitFor();
    const legend: Record<string, string> = Object.fromEntries(
      await graph
        .locator(':scope > div > span')
        .evaluateAll((items) =>
          items.map((item) => [item.textContent!.trim(), getComputedStyle(item.querySelector('span')!).backgroundColor])
        )
    );
    expect(Object.keys(legend).length).toBeGreaterThan(0);
    expect(legend).toEqual(expected(Object.keys(legend)));
    const nodes: Array<[string, string]> = await graph
      .locator('g[data-state]')
      .evaluateAll((gs) =>
        gs.map((g) => [g.getAttribute('data-state')!, getComputedStyle(g.querySelector('rect')!).stroke])
      );
    for (const [state, stroke] of nodes)
      expect({ state, stroke }).toEqual({ state, stroke: rgb(STATUS_COLORS[state]) });
  });
});
