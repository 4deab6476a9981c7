import { dataOf, type Harness, openHarness } from './support/harness';
import { panel, renderAllPanels } from './support/panels';

/**
 * Duration heatmaps as drawn: the counts in a page's heatmap cells are the counts the API gives
 * for the very request the panel sent, bucket by bucket.
 */

interface Distribution {
  durationDistribution: { rows: { counts: number[] }[] };
}

describe('duration heatmaps as rendered', () => {
  let harness: Harness;
  let rangeQuery: string;

  beforeAll(async () => {
    harness = await openHarness();
    const to = harness.historyEnd.getTime();
    rangeQuery = `from=${to - 24 * 3_600_000}&to=${to}`;
  });

  afterAll(() => harness?.close());

  afterEach(() => expect(harness.pageErrors).toEqual([]));

  it.each([
    ['tools', 'Tool execution duration distribution', 'TOOL_EXECUTIONS'],
    ['agents', 'Agent execution duration distribution', 'AGENT_EXECUTIONS'],
    ['dags', 'Run duration distribution', 'WORKFLOW_RUNS'],
  ])('%s: %s draws what the API counts', async (page, title, metric) => {
    harness.proxied.length = 0;
    await harness.open(`/a/agentmon-app/${page}?${rangeQuery}`);
    await renderAllPanels(harness.page);
    const cells = panel(harness.page, title).locator('[data-testid="heatmap-cell"]');
    await cells.first().waitFor();
    const drawn = await cells.evaluateAll((nodes) => nodes.map((node) => Number(node.getAttribute('data-count'))));

    // The request the panel sent, asked again of the API with the real token.
    const sent = harness.proxied
      .map((request) => (request.body ? JSON.parse(request.body) : {}))
      .find(
        (body) =>
          String(body.query).includes('durationDistribution') &&
          JSON.stringify(body.variables ?? {}).includes(`"${metric}"`)
      );
    expect(sent).toBeDefined();
    const answer = dataOf(await harness.query<Distribution>(sent.query, sent.variables));
    const nonZero = (counts: number[]) => counts.filter((count) => count > 0).sort((a, b) => a - b);
    const counted = answer.durationDistribution.rows.flatMap((row) => row.counts);
    expect(nonZero(drawn).length).toBeGreaterThan(0);
    expect(nonZero(drawn)).toEqual(nonZero(counted));
  });
});
