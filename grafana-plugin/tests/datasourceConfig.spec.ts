import { expect, skipWithoutGrafana, test } from './fixtures';

skipWithoutGrafana();

/** The API as Grafana's server reaches it, and a token it accepts (for the success case). */
const apiUrl = process.env.AGENTMON_API_URL ?? 'http://localhost:4000';
const token = process.env.AGENTMON_TOKEN;

test('the config editor saves the URL and token and the health check names what it found', async ({
  createDataSourceConfigPage,
  page,
}) => {
  test.skip(!token, 'AGENTMON_TOKEN is not set: it is needed to test a working connection');
  const configPage = await createDataSourceConfigPage({ type: 'agentmon-datasource' });
  await page.getByLabel('API URL').fill(apiUrl);
  await page.getByLabel('API token').fill(token!);
  await configPage.saveAndTest({ path: `/api/datasources/proxy/uid/${configPage.datasource.uid}/agentmon/graphql` });
  await expect(configPage).toHaveAlert('success', { hasText: /Connected to Agentmon API .*users/ });
});

test('a wrong token is reported as such', async ({ createDataSourceConfigPage, page }) => {
  const configPage = await createDataSourceConfigPage({ type: 'agentmon-datasource' });
  await page.getByLabel('API URL').fill(apiUrl);
  await page.getByLabel('API token').fill('not-a-valid-token');
  await configPage.saveAndTest({ path: `/api/datasources/proxy/uid/${configPage.datasource.uid}/agentmon/graphql` });
  await expect(configPage).toHaveAlert('error', { hasText: /rejected the API token|Cannot reach/ });
});

test('an unreachable URL is reported as such', async ({ createDataSourceConfigPage, page }) => {
  const configPage = await createDataSourceConfigPage({ type: 'agentmon-datasource' });
  await page.getByLabel('API URL').fill('http://127.0.0.1:9');
  await page.getByLabel('API token').fill('any-token');
  await configPage.saveAndTest({ path: `/api/datasources/proxy/uid/${configPage.datasource.uid}/agentmon/health` });
  await expect(configPage).toHaveAlert('error', { hasText: /Cannot reach the Agentmon API/ });
});
