import { type Harness, openHarness } from './support/harness';
import { renderAllPanels } from './support/panels';

/** A token the API does not know: what a data source holds after its key was revoked. */
const REVOKED_TOKEN = 'revoked-token-0000000000000000';

describe('API errors reach the panels', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await openHarness({ proxyToken: REVOKED_TOKEN });
  });

  afterAll(() => harness?.close());

  afterEach(() => expect(harness.pageErrors).toEqual([]));

  it('every panel shows the API’s own message when it refuses the token', async () => {
    const refused = await harness.query('{ users(first: 1) { totalCount } }', {}, REVOKED_TOKEN);
    const [error] = refused.errors!;
    expect(error.extensions?.code).toBe('UNAUTHENTICATED');

    await harness.open('/a/agentmon-app/overview');
    const rendered = await renderAllPanels(harness.page);
    expect(rendered.length).toBeGreaterThan(0);
    for (const panel of rendered) {
      // One message per failing query of the panel, joined as Grafana's panel header does.
      expect(new Set(panel.error?.split(', '))).toEqual(new Set([`${error.extensions!.code}: ${error.message}`]));
    }
  });

  it('the Admin page says the token was refused', async () => {
    await harness.open('/a/agentmon-app/admin');
    await harness.page.getByText(/rejected the API token/).waitFor();
  });
});
