import { dataOf, type Harness } from './harness';
import { panel } from './panels';

interface Distribution {
  durationDistribution: { rows: { counts: number[] }[] };
}

/**
 * A heatmap panel draws what the API counts: the counts in its cells are the counts the API gives
 * for the very request the panel sent (the distribution request naming `metric`, and `key` when
 * given), asked again of the API with the real token.
 */
export async function expectHeatmapOfApi(harness: Harness, title: string, metric: string, key?: string) {
  const cells = panel(harness.page, title).locator('[data-testid="heatmap-cell"]');
  await cells.first().waitFor();
  const drawn = await cells.evaluateAll((nodes) => nodes.map((node) => Number(node.getAttribute('data-count'))));
  const sent = harness.proxied
    .map((request) => (request.body ? JSON.parse(request.body) : {}))
    .find((body) => {
      const variables = JSON.stringify(body.variables ?? {});
      return (
        String(body.query).includes('durationDistribution') &&
        variables.includes(`"${metric}"`) &&
        (key === undefined || variables.includes(`"${key}"`))
      );
    });
  expect(sent).toBeDefined();
  const answer = dataOf(await harness.query<Distribution>(sent.query, sent.variables));
  const nonZero = (counts: number[]) => counts.filter((count) => count > 0).sort((a, b) => a - b);
  const counted = answer.durationDistribution.rows.flatMap((row) => row.counts);
  expect(nonZero(counted).length).toBeGreaterThan(0);
  expect(nonZero(drawn)).toEqual(nonZero(counted));
}
