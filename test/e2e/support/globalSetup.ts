import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildHost, ensurePluginBuilt } from '../../harness/build';
import { CHROMIUM_PATH } from '../../harness/browser';
import { startSeededApi } from '../../harness/seed';

/** Where the test files find the seeded API started here (they run in other module registries). */
export const STATE_FILE = path.join(os.tmpdir(), `agentmon-browser-${process.pid}.json`);

export interface SharedState {
  apiUrl: string;
  /** The admin token (tests ask the API with it what a page should show). */
  token: string;
  /** A READ key: what Grafana's data source should hold, and what the harness's does. */
  readToken: string;
  historyEnd: string;
}

export default async function globalSetup(): Promise<void> {
  // Fail at once, not after the build, when the browser is missing (CI must not skip these tests).
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is required for the browser tests and is missing at ${CHROMIUM_PATH}: apt-get install chromium`
    );
  }
  ensurePluginBuilt();
  await buildHost();
  const seeded = await startSeededApi();
  (globalThis as { seededApi?: typeof seeded }).seededApi = seeded;
  const { createApiKey } = await seeded.api.data<{ createApiKey: { token: string } }>(
    'mutation { createApiKey(name: "grafana harness", role: READ) { token } }'
  );
  const state: SharedState = {
    apiUrl: seeded.api.url,
    token: seeded.token,
    readToken: createApiKey.token,
    historyEnd: seeded.historyEnd.toISOString(),
  };
  fs.writeFileSync(STATE_FILE, JSON.stringify(state));
  process.env.AGENTMON_BROWSER_STATE = STATE_FILE;
}
