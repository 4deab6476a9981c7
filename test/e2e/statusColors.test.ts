import { STATUS_COLORS } from '../../grafana-plugin/src/statusColors';
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

  it('a time series legend: Overview, agent executions by status', async () => {
    await harness.open(`/a/agentmon-app/overview?${rangeQuery}`);
    await renderAllPanels(harness.page);
    const items = panel(harness.page, 'Agent executions by status').locator(
      '[data-testid^="data-testid VizLegend series "]'
    );
    await items.first().waitFor();
    const legend: Record<string, string> = Object.fromEntries(
      await items.evaluateAll((nodes) =>
        nodes.map((node) => [
          node.getAttribute('data-testid')!.replace('data-testid VizLegend series ', ''),
          getComputedStyle(node.querySelector('[data-testid="series-icon"]')!).backgroundColor,
        ])
      )
    );
    expect(Object.keys(legend)).toEqual(expect.arrayContaining(['SUCCESS', 'FAILURE']));
    expect(legend).toEqual(expected(Object.keys(legend)));
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
