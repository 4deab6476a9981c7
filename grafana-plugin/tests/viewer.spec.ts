/**
 * Runs as an organisation Viewer (the "viewer" project of playwright.config.ts, logged in as a user
 * that plugin-e2e creates with the Viewer role): a Viewer sees what the app's roles grant it and
 * changes nothing, neither through the pages, nor the data source proxy, nor the data source's settings.
 */
import type { Page, Response } from '@playwright/test';
import pluginJson from '../src/plugin.json';
import datasourceJson from '../src/datasource/plugin.json';
import { APP_PAGES } from './appPageList';
import { expect, skipWithoutGrafana, test } from './fixtures';

skipWithoutGrafana();

/** Actions the app's roles grant the Viewer role, as Grafana assigns them. */
const viewerActions = new Set(
  pluginJson.roles
    .filter(({ grants }) => grants.includes('Viewer'))
    .flatMap(({ role }) => role.permissions.map(({ action }) => action))
);
/** The app's pages by route ("overview"), with the action each needs. */
const pageActions = new Map(
  pluginJson.includes.flatMap((include) =>
    include.type === 'page' && 'action' in include && include.action
      ? [[include.path.split('/').pop()!, include.action] as const]
      : []
  )
);
const viewerPages = APP_PAGES.filter(({ route }) => viewerActions.has(pageActions.get(route)!));
const refusedRoutes = [...pageActions].filter(([, action]) => !viewerActions.has(action)).map(([route]) => route);

const [graphqlRoute] = datasourceJson.routes;
/** The test user, never a real one: the mutation below would log it in if it got through. */
const probeUser = 'agentmon-e2e-viewer-probe';

/** GraphQL through Grafana's data source proxy, with the Viewer's session (page.request shares its cookies). */
const throughProxy = (page: Page, uid: string, path: string, query: string) =>
  page.request.post(`/api/datasources/proxy/uid/${uid}/${path}`, { data: { query, variables: {} } });

async function loginSessionsOfProbeUser(page: Page, uid: string): Promise<number> {
  const response = await throughProxy(
    page,
    uid,
    graphqlRoute.path,
    `{ loginSessions(filter: { user: ["${probeUser}"] }, first: 0) { totalCount } }`
  );
  expect(response.ok()).toBe(true);
  const body = await response.json();
  expect(body.errors).toBeUndefined();
  return body.data.loginSessions.totalCount;
}

test("the app's roles grant a Viewer every page but Admin, and each page is checked below", () => {
  expect([...viewerPages.map(({ route }) => route), ...refusedRoutes].sort()).toEqual([...pageActions.keys()].sort());
  expect(refusedRoutes).toEqual(['admin']);
});

for (const { route, title, panels } of viewerPages) {
  test(`a Viewer sees the ${title} page's panels, and every query it sends is answered without error`, async ({
    gotoPage,
    page,
    selectors,
  }) => {
    const answers: Response[] = [];
    page.on('response', (response) => {
      if (response.url().includes(`/${graphqlRoute.path}`)) {
        answers.push(response);
      }
    });
    await gotoPage(route);
    await expect(page.getByRole('heading', { name: title, exact: true })).toBeVisible();
    for (const panel of panels) {
      await expect(page.getByText(panel, { exact: true }).first()).toBeVisible();
    }
    // Every panel's query has been answered once the page stops fetching (its refresh is 30 s).
    await page.waitForLoadState('networkidle');
    expect(answers.length).toBeGreaterThan(0);
    for (const answer of answers) {
      expect(answer.status()).toBe(200);
      expect((await answer.json()).errors).toBeUndefined();
    }
    await expect(page.getByTestId(selectors.components.Panels.Panel.status('error'))).toHaveCount(0);
  });
}

for (const route of refusedRoutes) {
  test(`a Viewer asking for the ${route} page is sent to the home page`, async ({ page }) => {
    // Grafana checks the page's action before serving the app, and redirects a refused user to "/".
    const refused = await page.request.get(`/a/${pluginJson.id}/${route}`, { maxRedirects: 0 });
    expect(refused.status()).toBe(302);
    expect(refused.headers().location).toMatch(/\/$/);
    const granted = await page.request.get(`/a/${pluginJson.id}/${viewerPages[0].route}`, { maxRedirects: 0 });
    expect(granted.status()).toBe(200);
  });
}

test('a mutation a Viewer sends through the data source is refused by the API and writes nothing', async ({
  page,
  agentmonDataSourceUid: uid,
}) => {
  const before = await loginSessionsOfProbeUser(page, uid);
  const mutation = await throughProxy(
    page,
    uid,
    graphqlRoute.path,
    `mutation { recordLogin(event: { at: "${new Date().toISOString()}", sessionId: "${probeUser}-${Date.now()}", userId: "${probeUser}" }) { id } }`
  );
  // Grafana holds a READ key (AGENTMON_GRAFANA_TOKEN in docker-compose.yml): mutations need INGEST.
  const { data, errors } = await mutation.json();
  expect(errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  expect(data?.recordLogin ?? null).toBeNull();
  expect(await loginSessionsOfProbeUser(page, uid)).toBe(before);
});

test('the data source proxy forwards nothing but its routes', async ({ page, agentmonDataSourceUid: uid }) => {
  const query = `{ loginSessions(first: 0) { totalCount } }`;
  const outsideRoutes = [
    // The API's own path without the route's prefix.
    () => throughProxy(page, uid, 'graphql', query),
    // The route's path with a method it does not allow.
    () => page.request.get(`/api/datasources/proxy/uid/${uid}/${graphqlRoute.path}?query=${encodeURIComponent(query)}`),
  ];
  for (const send of outsideRoutes) {
    const response = await send();
    expect(response.ok()).toBe(false);
    expect(await response.text()).not.toContain('totalCount');
  }
});

test("a Viewer cannot change the data source's settings", async ({
  gotoDataSourceConfigPage,
  grafanaAPIClient,
  page,
  agentmonDataSourceUid: uid,
}) => {
  const stored = await grafanaAPIClient.getDataSourceSettingsByUID(uid);

  await gotoDataSourceConfigPage(uid);
  await expect(
    page.getByText(/not allowed to modify this data source|permission|Access denied/i).first()
  ).toBeVisible();

  const update = await page.request.put(`/api/datasources/uid/${uid}`, {
    data: { ...stored, jsonData: { ...stored.jsonData, apiUrl: 'http://127.0.0.1:9' } },
  });
  expect(update.status()).toBe(403);
  // Refused for want of permission, before Grafana looks at the data source (read-only, as provisioned).
  const { message } = await update.json();
  expect(message).toMatch(/permission/i);
  expect(message).not.toMatch(/read-only/i);
  expect(await grafanaAPIClient.getDataSourceSettingsByUID(uid)).toEqual(stored);
});
