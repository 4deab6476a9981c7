import { DASHBOARD_SPECS } from '../../grafana-plugin/src/pages/dashboardSpecs';
import { dataOf, type Harness, lastHourOfHistory, openHarness } from './support/harness';
import { panelText, PERIOD, periodFigures, renderAllPanels, saveScreenshot, statFigures } from './support/panels';

/** Per page: a panel, and the API query (over the page's range) whose answer it must show. */
const FIGURES: Record<string, { panel: string; query: string; expected: (data: any) => Record<string, string> }> = {
  overview: {
    panel: 'Agent executions',
    query: `overview(range: $range, timezone: "UTC") { agentExecutions { ${PERIOD} } }`,
    expected: (d) => periodFigures(d.overview.agentExecutions),
  },
  users: {
    panel: 'Logins',
    query: `userStats(range: $range, timezone: "UTC") { logins { ${PERIOD} } }`,
    expected: (d) => periodFigures(d.userStats.logins),
  },
  tools: {
    panel: 'Tool calls in the time range',
    query: 'toolStats(range: $range, timezone: "UTC") { summary { count failure } }',
    expected: (d) => ({ Count: String(d.toolStats.summary.count), Failure: String(d.toolStats.summary.failure) }),
  },
  agents: {
    panel: 'Agent executions in the time range',
    query: 'agentStats(range: $range, timezone: "UTC") { summary { count } }',
    expected: (d) => ({ Count: String(d.agentStats.summary.count) }),
  },
  dags: {
    panel: 'Workflow runs',
    query: `dagStats(range: $range, timezone: "UTC") { runs { ${PERIOD} } }`,
    expected: (d) => periodFigures(d.dagStats.runs),
  },
  planner: {
    panel: 'Plans',
    query: `plannerStats(range: $range, timezone: "UTC") { plans { ${PERIOD} } }`,
    expected: (d) => periodFigures(d.plannerStats.plans),
  },
};

/** Panel titles a page spec lists, sorted (titles repeat: a figure and a table may share one). */
const specTitles = (uid: string) =>
  DASHBOARD_SPECS.find((spec) => spec.uid === uid)!
    .rows.flatMap((row) => row.panels.map((p) => p.title))
    .sort();

const nowTitles = (uid: string) => specTitles(uid).filter((title) => /\bnow\b/i.test(title));
/** The pages with a figure of what is true now (overview, dags, …). */
const PAGES_WITH_NOW = DASHBOARD_SPECS.filter((spec) => nowTitles(spec.uid).length > 0).map((spec) =>
  spec.uid.replace(/^agentmon-/, '')
);

describe('every page against the seeded API', () => {
  let harness: Harness;
  let range: { from: string; to: string };
  let rangeQuery: string;

  beforeAll(async () => {
    harness = await openHarness();
    ({ range, rangeQuery } = lastHourOfHistory(harness));
  });

  afterAll(() => harness?.close());

  afterEach(() => expect(harness.pageErrors).toEqual([]));

  it.each(Object.keys(FIGURES))('%s renders every panel without error and shows the API figures', async (page) => {
    await harness.open(`/a/agentmon-app/${page}?${rangeQuery}`);
    const rendered = await renderAllPanels(harness.page);
    expect(rendered.filter((p) => p.error)).toEqual([]);
    expect(rendered.map((p) => p.title).sort()).toEqual(specTitles(`agentmon-${page}`));

    const figure = FIGURES[page];
    const expected = figure.expected(
      dataOf(await harness.query(`query($range: TimeRangeInput) { ${figure.query} }`, { range }))
    );
    for (const value of Object.values(expected)) {
      // Counts this small are shown as they are (from 1000 on, Grafana's "short" unit abbreviates).
      expect(Number(value)).toBeLessThan(1000);
    }
    const shown = statFigures(await panelText(harness.page, figure.panel));
    expect(shown).toMatchObject(expected);
    await saveScreenshot(harness.page, page);
  });

  // Each "now" title ends with the word that sets it apart from a figure over the range: cut off
  // ("Pending appro…") it would read as one.
  it.each(PAGES_WITH_NOW)('%s shows every title that says "now" whole at 1440 px', async (page) => {
    expect(harness.page.viewportSize()?.width).toBe(1440);
    const titles = [...new Set(nowTitles(`agentmon-${page}`))];
    await harness.open(`/a/agentmon-app/${page}?${rangeQuery}`);
    await renderAllPanels(harness.page);
    for (const title of titles) {
      const headings = await harness.page.locator(`section[data-testid="data-testid Panel header ${title}"] h2`).all();
      expect({ title, shown: headings.length > 0 }).toEqual({ title, shown: true });
      for (const heading of headings) {
        const { text, scrollWidth, clientWidth } = await heading.evaluate((element) => ({
          text: element.textContent,
          scrollWidth: element.scrollWidth,
          clientWidth: element.clientWidth,
        }));
        expect({ title, text, whole: clientWidth > 0 && scrollWidth <= clientWidth }).toEqual({
          title,
          text: title,
          whole: true,
        });
      }
    }
  });

  it('the browser never holds the API token: the data source proxy adds it', async () => {
    const sent: Array<{ url: string; headers: Record<string, string>; body: string }> = [];
    harness.page.on('request', (request) =>
      sent.push({ url: request.url(), headers: request.headers(), body: request.postData() ?? '' })
    );
    await harness.open(`/a/agentmon-app/overview?${rangeQuery}`);
    await renderAllPanels(harness.page);
    const boot = await harness.page.evaluate(() => fetch('/harness/boot.json').then((response) => response.text()));
    expect(sent.some((request) => request.url.endsWith('/agentmon/graphql'))).toBe(true);
    expect(
      sent.filter((request) => 'authorization' in request.headers || JSON.stringify(request).includes(harness.apiToken))
    ).toEqual([]);
    expect(boot).not.toContain(harness.apiToken);
  });

  it('admin tests the data source and shows what the API counts', async () => {
    await harness.open('/a/agentmon-app/admin');
    const counts = dataOf(
      await harness.query<Record<string, { totalCount: number }>>(
        '{ users(first: 1) { totalCount } agents(first: 1) { totalCount } tools(first: 1) { totalCount } workflows(first: 1) { totalCount } }'
      )
    );
    const summary = `${counts.users.totalCount} users, ${counts.agents.totalCount} agents, ${counts.tools.totalCount} tools, ${counts.workflows.totalCount} workflows.`;
    await harness.page.getByText(/^Connected to Agentmon API /).waitFor();
    expect(await harness.page.getByText(/^Connected to Agentmon API /).innerText()).toContain(summary);
    await saveScreenshot(harness.page, 'admin');
  });
});
