import { dataOf, type Harness, openHarness } from './support/harness';
import { expectHeatmapOfApi } from './support/heatmaps';
import { panel, renderAllPanels } from './support/panels';

/**
 * Heatmaps as drawn: the counts in a page's duration heatmap cells are the counts the API gives
 * for the very request the panel sent, bucket by bucket; the DAGs page's task completions fall in
 * the cell of their UTC day and hour.
 */

interface HourlyCounts {
  timeSeries: { times: string[]; series: { values: (number | null)[] }[] };
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
    ['dags', 'Task duration distribution', 'TASK_RUNS'],
  ])('%s: %s draws what the API counts', async (page, title, metric) => {
    harness.proxied.length = 0;
    await harness.open(`/a/agentmon-app/${page}?${rangeQuery}`);
    await renderAllPanels(harness.page);
    await expectHeatmapOfApi(harness, title, metric);
  });

  it("dags: task completions by hour of day draw each hour of the API's hourly counts in its day and hour", async () => {
    harness.proxied.length = 0;
    await harness.open(`/a/agentmon-app/dags?${rangeQuery}`);
    await renderAllPanels(harness.page);
    const cells = panel(harness.page, 'Task completions by hour of day (14 days)').locator(
      '[data-testid="heatmap-cell"]'
    );
    await cells.first().waitFor();
    // Each cell's title says its hour row and its day column: "13:00 at 2026-12-05T00:00:00.000Z: 4".
    const drawn = new Map(
      (await cells.evaluateAll((nodes) => nodes.map((node) => node.querySelector('title')!.textContent!))).map(
        (title) => {
          const [, hour, day, count] = /^(\d\d:00) at (\S+): (\d+)$/.exec(title)!;
          return [`${day.slice(0, 10)} ${hour}`, Number(count)];
        }
      )
    );
    const sent = harness.proxied
      .map((request) => (request.body ? JSON.parse(request.body) : {}))
      .find((body) => JSON.stringify(body.variables ?? {}).includes('"TASK_RUNS_COMPLETED"'));
    expect(sent.variables).toMatchObject({ interval: '1h' });
    const { timeSeries } = dataOf(await harness.query<HourlyCounts>(sent.query, sent.variables));
    const counted = new Map<string, number>();
    timeSeries.times.forEach((time, i) => {
      const count = timeSeries.series.reduce((sum, line) => sum + (line.values[i] ?? 0), 0);
      if (count > 0) counted.set(`${time.slice(0, 10)} ${time.slice(11, 13)}:00`, count);
    });
    expect(counted.size).toBeGreaterThan(0);
    expect(drawn).toEqual(counted);
  });
});
