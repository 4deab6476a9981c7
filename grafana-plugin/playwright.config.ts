import type { PluginOptions, User } from '@grafana/plugin-e2e';
import { defineConfig, devices } from '@playwright/test';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * End-to-end specs against a running Grafana with this plugin installed and provisioned
 * (the repository's provisioning/, as docker-compose.yml does): set GRAFANA_URL to run them; without it every spec is skipped and says why.
 * Browsers are not downloaded here: set CHROMIUM_PATH, or Debian's /usr/bin/chromium is used.
 */
const grafanaUrl = process.env.GRAFANA_URL;
const pluginE2eAuth = `${dirname(require.resolve('@grafana/plugin-e2e'))}/auth`;
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** An organisation Viewer that plugin-e2e creates (or finds) and logs in as, for tests/viewer.spec.ts. */
const viewer: User = { user: 'agentmon-e2e-viewer', password: 'agentmon-e2e-viewer', role: 'Viewer' };
const viewerSpec = /viewer\.spec\.ts$/;
if (!grafanaUrl) {
  console.log(
    'GRAFANA_URL is not set: the plugin-e2e specs are skipped (they need a running Grafana with the plugin).'
  );
}

export default defineConfig<PluginOptions>({
  testDir: './tests',
  testMatch: /.*\.spec\.ts$/,
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    baseURL: grafanaUrl,
    // The repository's provisioning/, which docker-compose.yml mounts into Grafana.
    provisioningRootDir: join(__dirname, '..', 'provisioning'),
    trace: 'retain-on-failure',
    launchOptions: {
      ...(existsSync(chromium) ? { executablePath: chromium } : {}),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    // Logs in to Grafana once (GRAFANA_ADMIN_USER / GRAFANA_ADMIN_PASSWORD, admin/admin by default);
    // plugin-e2e's same setup, given a `user` with a role, creates that user (createUser) and logs in as it.
    ...(grafanaUrl
      ? [
          { name: 'auth', testDir: pluginE2eAuth, testMatch: [/.*\.js/] },
          { name: 'viewer auth', testDir: pluginE2eAuth, testMatch: [/.*\.js/], use: { user: viewer } },
        ]
      : []),
    {
      name: 'chromium',
      testIgnore: viewerSpec,
      use: { ...devices['Desktop Chrome'], ...(grafanaUrl ? { storageState: 'playwright/.auth/admin.json' } : {}) },
      dependencies: grafanaUrl ? ['auth'] : [],
    },
    {
      name: 'viewer',
      testMatch: viewerSpec,
      use: {
        ...devices['Desktop Chrome'],
        ...(grafanaUrl ? { storageState: `playwright/.auth/${viewer.user}.json` } : {}),
      },
      dependencies: grafanaUrl ? ['viewer auth'] : [],
    },
  ],
});
