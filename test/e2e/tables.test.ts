import type { Locator } from 'playwright-core';
import { dataOf, type Harness, openHarness } from './support/harness';
import { panel, renderAllPanels, savePanelScreenshot } from './support/panels';

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
      expect({ column, withinPanel: cell.x >= box.x && cell.x + cell.width <= box.x + box.width + 1 }).toEqual({
        column,
        withinPanel: true,
      });
    }
  });

  it('the Users table shows people by name, with the platform id as the hover title of the link to the user page', async () => {
    await harness.open(`/a/agentmon-app/users?${rangeQuery}`);
    await renderAllPanels(harness.page);
    const section = panel(harness.page, 'Users');
    const links = section.locator('a[href*="/a/agentmon-app/users/user/"]');
    await links.first().waitFor();
    const shown = await linksShown(links);
    // The id column is hidden: the names are all the table shows of a person.
    expect(await section.getByRole('columnheader', { name: 'User id', exact: true }).count()).toBe(0);
    const data = dataOf(await harness.query<any>('{ users(first: 1000) { nodes { externalId name } } }'));
    const nameOf = new Map<string, string | null>(data.users.nodes.map((u: any) => [u.externalId, u.name]));
    for (const { text, title, href } of shown) {
      const id = decodeURIComponent(/\/users\/user\/([^/?]+)/.exec(href)![1]);
      expect({ text, title }).toEqual({ text: nameOf.get(id) || id, title: id });
    }
    // The seeded users have names, so the table does not just repeat ids.
    expect(shown.some(({ text, title }) => text !== title)).toBe(true);
  });

  it('Recent activity on Overview shows people by name, with the platform id as the hover title of the link', async () => {
    // The newest item of the range: a login of a named user (the seeded feed's newest items may name no one).
    const at = new Date(harness.historyEnd.getTime() - 1000).toISOString();
    dataOf(
      await harness.query('mutation($e: LoginEventInput!) { recordLogin(event: $e) { id } }', {
        e: { sessionId: 'activity-by-name', userId: 'u-activity', userName: 'Ada Lovelace', at },
      })
    );
    await harness.open(`/a/agentmon-app/overview?${rangeQuery}`);
    await renderAllPanels(harness.page);
    const section = panel(harness.page, 'Recent activity');
    await section.scrollIntoViewIfNeeded();
    // Visible only: a row's person link is drawn (empty, hidden) where the item names no one.
    const links = section.locator('a[href*="/a/agentmon-app/users/user/"]:visible');
    await links.first().waitFor();
    const shown = await linksShown(links);
    expect(await section.getByRole('columnheader', { name: 'User id', exact: true }).count()).toBe(0);
    // The names the API gives the same feed.
    const to = harness.historyEnd.getTime();
    const data = dataOf(
      await harness.query<any>(
        'query($range: TimeRangeInput) { activity(first: 50, range: $range) { nodes { user userName } } }',
        { range: { from: new Date(to - 24 * 3_600_000).toISOString(), to: new Date(to).toISOString() } }
      )
    );
    const nameOf = new Map<string, string | null>(data.activity.nodes.map((n: any) => [n.user, n.userName]));
    expect(shown.length).toBeGreaterThan(0);
    for (const { text, title, href } of shown) {
      const id = decodeURIComponent(/\/users\/user\/([^/?]+)/.exec(href)![1]);
      expect(nameOf.has(id)).toBe(true);
      expect({ text, title }).toEqual({ text: nameOf.get(id) || id, title: id });
    }
    expect(shown).toContainEqual(expect.objectContaining({ text: 'Ada Lovelace', title: 'u-activity' }));
    await savePanelScreenshot(harness.page, 'Recent activity', 'overview-activity');
  });
});

/** What each link shows: its text, its hover title and where it goes. */
function linksShown(links: Locator) {
  return links.evaluateAll((anchors) =>
    anchors.map((a) => ({
      text: a.textContent!.trim(),
      title: a.getAttribute('title'),
      href: a.getAttribute('href')!,
    }))
  );
}
