import { type AppPage, test as base } from '@grafana/plugin-e2e';
import pluginJson from '../src/plugin.json';

type AgentmonFixtures = {
  /** Opens a page of the app by its route, e.g. "agents" or "dags/workflow/nightly". */
  gotoPage: (path: string) => Promise<AppPage>;
  /** The uid of the Agentmon data source, as provisioning/datasources/datasources.yaml declares it. */
  agentmonDataSourceUid: string;
};

export const test = base.extend<AgentmonFixtures>({
  gotoPage: async ({ gotoAppPage }, use) => {
    await use((path) => gotoAppPage({ pluginId: pluginJson.id, path: `/${path}` }));
  },
  agentmonDataSourceUid: async ({ readProvisionedDataSource }, use) => {
    const { uid } = await readProvisionedDataSource({ fileName: 'datasources.yaml', name: 'Agentmon' });
    await use(uid);
  },
});

export { expect } from '@grafana/plugin-e2e';

/** Every spec needs a Grafana; without GRAFANA_URL it is skipped with this reason. */
export const skipWithoutGrafana = () =>
  test.skip(
    !process.env.GRAFANA_URL,
    'GRAFANA_URL is not set: these specs need a running Grafana with the Agentmon plugin installed and provisioned'
  );
