import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../harness/browser';
import { type ProxiedRequest, startHarnessServer } from '../../harness/server';
import type { SharedState } from './globalSetup';

export interface GraphQLAnswer<T> {
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

export interface Harness {
  page: Page;
  /** When the seeded activity ends: nothing happens after it. */
  historyEnd: Date;
  /** The API token the data source's proxy route adds (the browser must never see it). */
  apiToken: string;
  /** Every request the data source proxy forwarded to the API. */
  proxied: ProxiedRequest[];
  /** Errors thrown in the page (uncaught), which every test expects none of. */
  pageErrors: string[];
  /** Opens an app path (`/a/agentmon-app/...`) of the harness. */
  open(path: string): Promise<void>;
  /** Asks the API directly, with the real token, what a page should show. */
  query<T>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLAnswer<T>>;
  close(): Promise<void>;
}

const readState = (): SharedState => JSON.parse(fs.readFileSync(process.env.AGENTMON_BROWSER_STATE!, 'utf8'));

/**
 * A harness server in front of the seeded API and a Chromium page on it (1440×900, UTC), signed
 * in as a Viewer. The data source holds a new READ key, or `proxyToken` when given.
 */
export async function openHarness(options: { proxyToken?: string } = {}): Promise<Harness> {
  const state = readState();
  const apiToken = options.proxyToken ?? state.readToken;
  const server = await startHarnessServer([
    {
      uid: 'agentmon',
      name: 'Agentmon',
      isDefault: true,
      jsonData: { apiUrl: state.apiUrl },
      secureJsonData: { apiToken },
    },
  ]);
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, timezoneId: 'UTC', locale: 'en-US' });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const opened = browser;
    return {
      page,
      historyEnd: new Date(state.historyEnd),
      apiToken,
      proxied: server.proxied,
      pageErrors,
      async open(path) {
        await page.goto(`${server.url}${path}`);
      },
      async query<T>(query: string, variables?: Record<string, unknown>, token = state.token) {
        const response = await fetch(`${state.apiUrl}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query, variables }),
        });
        return (await response.json()) as GraphQLAnswer<T>;
      },
      async close() {
        await opened.close();
        await server.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await server.close();
    throw error;
  }
}

/**
 * The last hour of the seeded activity, fixed so the page and the API see the same range: as the
 * API's `range` and as the page URL's query.
 */
export function lastHourOfHistory(harness: Harness): { range: { from: string; to: string }; rangeQuery: string } {
  const to = harness.historyEnd.getTime();
  const from = to - 3_600_000;
  return {
    range: { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
    rangeQuery: `from=${from}&to=${to}`,
  };
}

/** The data an API answer must have, failing with the API's errors otherwise. */
export function dataOf<T>(answer: GraphQLAnswer<T>): T {
  if (answer.errors?.length || !answer.data) {
    throw new Error(`the API answered errors: ${JSON.stringify(answer.errors)}`);
  }
  return answer.data;
}

/** The seeded API's admin token, for tests of a data source that (wrongly) holds it. */
export const seededAdminToken = (): string => readState().token;
