import { APP_PAGES } from './appPageList';
import { expect, skipWithoutGrafana, test } from './fixtures';

skipWithoutGrafana();

for (const { route, title, panels } of APP_PAGES) {
  test(`the ${title} page shows its panels with the time and refresh pickers`, async ({ gotoPage, page }) => {
    await gotoPage(route);
    await expect(page.getByRole('heading', { name: title, exact: true })).toBeVisible();
    for (const panel of panels) {
      await expect(page.getByText(panel, { exact: true }).first()).toBeVisible();
    }
    await expect(page).toHaveURL(/from=now-1h/);
    await expect(page).toHaveURL(/refresh=30s/);
  });
}

test('a drill-down opens one agent, with the time range kept', async ({ gotoPage, page }) => {
  await gotoPage('agents/agent/researcher?from=now-6h&to=now');
  await expect(page.getByRole('heading', { name: 'researcher', exact: true })).toBeVisible();
  await expect(page.getByText('Recent executions', { exact: true })).toBeVisible();
  await expect(page).toHaveURL(/from=now-6h/);
});

test('a run page draws its task graph or says why it cannot', async ({ gotoPage, page }) => {
  await gotoPage('dags/workflow/unknown-workflow/run/unknown-run');
  await expect(
    page.getByText('No workflow run with id "unknown-run".').or(page.getByTestId('run-task-graph'))
  ).toBeVisible();
});

test('the Admin page checks the connection and links to the data source', async ({ gotoPage, page }) => {
  await gotoPage('admin');
  await expect(
    page.getByText(/Connected to Agentmon API|Cannot reach|rejected the API token|No Agentmon data source yet/)
  ).toBeVisible();
});

test('the provisioned Overview dashboard shows the same panels', async ({ gotoDashboardPage, page }) => {
  await gotoDashboardPage({ uid: 'agentmon-overview' });
  for (const panel of ['Logins', 'Agent executions by status', 'Recent activity']) {
    await expect(page.getByText(panel, { exact: true }).first()).toBeVisible();
  }
});
