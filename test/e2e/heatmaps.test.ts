import { type Harness, openHarness } from './support/harness';
import { expectHeatmapOfApi } from './support/heatmaps';
import { renderAllPanels } from './support/panels';

/**
 * Duration heatmaps as drawn: the counts in a page's heatmap cells are the counts the API gives
 * for the very request the panel sent, bucket by bucket.
 */

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
    await expectHeatmapOfApi(harness, title, metric);
  });
});
