import { Kind, type OperationDefinitionNode, parse } from 'graphql';
import { dataOf, type Harness, openHarness, seededAdminToken } from './support/harness';

/**
 * A Grafana Viewer can use the data source but must change nothing: the built data source
 * (loaded as Grafana loads it) refuses mutations in raw mode, and its variables and annotations
 * send queries only; what the route lets through carries a READ key the API holds to reading.
 */
const operationsOf = (body: string | undefined) =>
  parse(JSON.parse(body ?? '{}').query ?? '{ __typename }')
    .definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
    .map((d) => d.operation);

const KEYS = '{ apiKeys { id } }';

describe('as a Grafana Viewer', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await openHarness();
  });

  afterAll(() => harness?.close());

  afterEach(() => expect(harness.pageErrors).toEqual([]));

  it('no mutation reaches the API through the data source: raw mode, variables, annotations', async () => {
    const keysBefore = dataOf(await harness.query<{ apiKeys: unknown[] }>(KEYS)).apiKeys.length;
    await harness.open('/a/agentmon-app/overview');
    await harness.page.getByText('Overview').first().waitFor();
    const outcome = await harness.page.evaluate(async () => {
      const system = (window as unknown as { System: { import(url: string): Promise<any> } }).System;
      const { plugin } = await system.import('/public/plugins/agentmon-app/datasource/module.js');
      const boot = await (await fetch('/harness/boot.json')).json();
      const ds = new plugin.DataSourceClass(boot.dataSources[0]);
      const now = Date.now();
      const at = (t: number) => ({ toISOString: () => new Date(t).toISOString(), valueOf: () => t });
      const request = (targets: unknown[]) => ({
        requestId: 'viewer',
        targets,
        range: { from: at(now - 86_400_000), to: at(now), raw: { from: 'now-24h', to: 'now' } },
        intervalMs: 60_000,
        maxDataPoints: 500,
        scopedVars: {},
        timezone: 'utc',
      });
      const raw = await ds.query(
        request([
          {
            refId: 'M',
            queryType: 'raw',
            rawQuery: 'mutation { createApiKey(name: "viewer", role: ADMIN) { token } }',
          },
          { refId: 'S', queryType: 'raw', rawQuery: '# read\nsubscription { events { id } }' },
          { refId: 'Q', queryType: 'raw', rawQuery: '{ users(first: 1) { totalCount } }', dataPath: 'users' },
        ])
      );
      const variable = await new Promise((resolve, reject) =>
        ds.variables.query(request([{ refId: 'V', kind: 'users' }])).subscribe({ next: resolve, error: reject })
      );
      const annotations = await ds.query(request([{ refId: 'A', queryType: 'annotations', annotation: 'failedRuns' }]));
      // What a viewer could send by hand through the proxy: a GET the route does not let through...
      const get = await fetch(
        `${boot.dataSources[0].url}/agentmon/graphql?query=${encodeURIComponent('mutation { revokeApiKey(id: "1") { id } }')}`
      );
      // ...and a POST it does, with the READ key the data source holds.
      const post = await fetch(`${boot.dataSources[0].url}/agentmon/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'mutation { createApiKey(name: "by hand", role: ADMIN) { token } }' }),
      });
      return {
        raw: { errors: raw.errors, frames: raw.data.length },
        variableFrames: (variable as { data: unknown[] }).data.length,
        annotationErrors: annotations.errors,
        get: get.status,
        post: { status: post.status, body: await post.json() },
      };
    });

    expect(
      outcome.raw.errors.map((e: { refId: string; message: string }) => [e.refId, e.message.split(':')[0]])
    ).toEqual([
      ['M', 'This data source only reads'],
      ['S', 'This data source only reads'],
    ]);
    expect(outcome.raw.errors[0].message).toMatch(/refuses the mutation\. Every viewer of the organisation can use it/);
    expect(outcome.raw.frames).toBe(1);
    expect(outcome.variableFrames).toBe(1);
    expect(outcome.annotationErrors).toEqual([]);
    expect(outcome.get).toBe(404);
    expect(outcome.post.status).toBe(403);
    expect(outcome.post.body.errors[0].extensions.code).toBe('FORBIDDEN');

    // Everything the plugin itself sent was a query; the one mutation that reached the API is the
    // hand-made POST, which the READ key could not run.
    const sent = harness.proxied.filter((request) => request.method === 'POST');
    const mutations = sent.filter((request) => operationsOf(request.body).some((operation) => operation !== 'query'));
    expect(sent.length).toBeGreaterThan(3);
    expect(mutations.map((request) => JSON.parse(request.body!).query)).toEqual([
      'mutation { createApiKey(name: "by hand", role: ADMIN) { token } }',
    ]);
    expect(dataOf(await harness.query<{ apiKeys: unknown[] }>(KEYS)).apiKeys.length).toBe(keysBefore);
  });

  it('the Admin page shows the READ key the data source holds', async () => {
    await harness.open('/a/agentmon-app/admin');
    await harness.page.getByText(/^Connected to Agentmon API .* with the READ key "grafana harness"/).waitFor();
    expect(await harness.page.getByTestId('data-testid Alert success').count()).toBe(1);
  });
});

describe('a data source that holds the admin token', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await openHarness({ proxyToken: seededAdminToken() });
  });

  afterAll(() => harness?.close());

  it('is flagged by the health check on the Admin page, in words', async () => {
    await harness.open('/a/agentmon-app/admin');
    const warning = harness.page.getByTestId('data-testid Alert warning');
    await warning.waitFor();
    expect(await warning.innerText()).toMatch(
      /with the ADMIN key "AGENTMON_ADMIN_TOKEN".*Grafana holds an ADMIN key .* every viewer of this organisation can use it through this data source: anyone could create or revoke API keys and record events\. Store a READ key instead/s
    );
    expect(harness.pageErrors).toEqual([]);
  });
});
