import { type Harness, openHarness } from './support/harness';
import { panel, renderAllPanels } from './support/panels';

/**
 * Tables put what failed and why first: at 1440 px (the harness's viewport) the columns an SRE
 * looks for are on screen without scrolling the table sideways.
 */
const TABLES: Array<{ page: string; title: string; columns: string[] }> = [
  { page: 'overview', title: 'Errors', columns: ['Status', 'Error type', 'Error'] },
  { page: 'tools', title: 'Recent tool errors', columns: ['Status', 'Error type', 'Error'] },
  { page: 'agents', title: 'Recent errors', columns: ['Status', 'Error type', 'Error'] },
  { page: 'dags', title: 'Recent runs', columns: ['Status', 'Error'] },
];

describe('tables at 1440 px', () => {
  let harness: Harness;
  let rangeQuery: string;

  beforeAll(async () => {
    harness = await openHarness();
    const to = harness.historyEnd.getTime();
    rangeQuery = `from=${to - 24 * 3_600_000}&to=${to}`;
  });

  afterAll(() => harness?.close());

  afterEach(() => expect(harness.pageErrors).toEqual([]));

  it.each(TABLES)('$page "$title" shows $columns within the panel', async ({ page, title, columns }) => {
    expect(harness.page.viewportSize()?.width).toBe(1440);
    await harness.open(`/a/agentmon-app/${page}?${rangeQuery}`);
    await renderAllPanels(harness.page);
    const section = panel(harness.page, title);
    await section.getByRole('columnheader').first().waitFor();
    const box = (await section.boundingBox())!;
    for (const column of columns) {
      const header = section.getByRole('columnheader', { name: column, exact: true });
      expect({ column, shown: await header.count() }).toEqual({ column, shown: 1 });
      const cell = (await header.boundingBox())!;
      expect({ column, withinPanel: cell.x >= box.x && cell.x + cell.width <= box.x + box.width + 1 }).toEqual({ column, withinPanel: true });
    }
  });
});
