import { dataOf, type Harness, openHarness } from './support/harness';
import { panelText, statFigures, waitForPanelText } from './support/panels';
import { type GraphQLRequest, latestRequest, recordGraphQL } from './support/requests';

const DAY_MS = 86_400_000;
const SUMMARY = 'agentStats(range: $range, timezone: $timezone, interval: $interval) { summary { count';

describe('the time range drives the figures', () => {
  let harness: Harness;
  let sent: GraphQLRequest[];

  beforeAll(async () => {
    harness = await openHarness();
    sent = recordGraphQL(harness.page);
  });

  afterAll(() => harness?.close());

  afterEach(() => expect(harness.pageErrors).toEqual([]));

  /** What the API counts for the range the page's summary request used, and that range's length. */
  async function apiCountFor(request: GraphQLRequest) {
    const { range } = request.variables;
    const data = dataOf(
      await harness.query<any>(
        'query($range: TimeRangeInput) { agentStats(range: $range, timezone: "UTC") { summary { count } } }',
        { range }
      )
    );
    return { count: String(data.agentStats.summary.count), spanMs: Date.parse(range.to) - Date.parse(range.from) };
  }

  it('the time picker and the URL change the agent executions in range as the API says', async () => {
    await harness.open('/a/agentmon-app/agents');
    const lastHour = await apiCountFor(await latestRequest(harness.page, sent, SUMMARY));
    expect(lastHour.spanMs).toBe(DAY_MS / 24);
    await waitForPanelText(
      harness.page,
      'Agent executions in the time range',
      (text) => statFigures(text).Count === lastHour.count
    );

    const before = sent.length;
    await harness.page.getByTestId('data-testid TimePicker Open Button').click();
    await harness.page
      .getByTestId('data-testid TimePicker Overlay Content')
      .getByText('Last 7 days', { exact: true })
      .click();
    await harness.page.waitForURL(/from=now-7d/);
    const lastWeek = await apiCountFor(await latestRequest(harness.page, sent, SUMMARY, before));
    expect(lastWeek.spanMs).toBe(7 * DAY_MS);
    // A day of history against its last hour: the API counts more, and the panel follows.
    expect(Number(lastWeek.count)).toBeGreaterThan(Number(lastHour.count));
    await waitForPanelText(
      harness.page,
      'Agent executions in the time range',
      (text) => statFigures(text).Count === lastWeek.count
    );

    const reopened = sent.length;
    await harness.open('/a/agentmon-app/agents?from=now-7d&to=now');
    const fromUrl = await apiCountFor(await latestRequest(harness.page, sent, SUMMARY, reopened));
    expect(fromUrl.spanMs).toBe(7 * DAY_MS);
    expect(statFigures(await panelText(harness.page, 'Agent executions in the time range')).Count).toBe(fromUrl.count);
    expect(await harness.page.getByTestId('data-testid TimePicker Open Button').innerText()).toContain('Last 7 days');
  });
});
