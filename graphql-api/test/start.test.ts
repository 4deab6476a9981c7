import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MIGRATIONS } from '../src/app/data-source';
import { createTestDatabase, DIALECTS, TestDatabase } from './support/api';
import { Build, buildApi, RunningProcess, runNode } from './support/process';
import { freePort } from './support/tcp-proxy';

/**
 * `npm start` (node dist/main.js) on a fresh database: it creates and migrates it, listens, prints a
 * one-time admin token that works, and exits 0 on SIGTERM. Also the `migrate` command.
 */
let build: Build;
beforeAll(async () => {
  build = await buildApi();
}, 180_000);
afterAll(() => build?.remove());

const LISTENING = /Agentmon API listening on (http:\/\/\S+)\/graphql/;
const TOKEN = /^\s+(amk_[A-Za-z0-9_-]{20,})\s*$/m;

async function get(url: string, token?: string) {
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function graphql(base: string, token: string, query: string) {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function waitReady(base: string, timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  while ((await get(`${base}/ready`)).status !== 200) {
    if (Date.now() - started > timeoutMs) throw new Error(`${base}/ready did not turn 200`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.each(DIALECTS)('npm start on a fresh %s database', (dialect) => {
  let workDir: string;
  let database: TestDatabase | undefined;
  let databaseUrl: string;
  let sqliteFile: string | undefined;
  let token: string;
  const running: RunningProcess[] = [];

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentmon-start-'));
    if (dialect === 'sqlite') {
      // A folder that does not exist yet: the API creates it.
      sqliteFile = path.join(workDir, 'data', 'x.sqlite');
      databaseUrl = `sqlite:${sqliteFile}`;
    } else {
      database = await createTestDatabase('mysql', 'start');
      databaseUrl = (database.config as { url: string }).url;
    }
  });
  afterAll(async () => {
    for (const child of running) await child.stop('SIGKILL');
    await database?.drop();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  async function start(): Promise<{ api: RunningProcess; base: string }> {
    const port = await freePort();
    // A local time zone far from UTC (+13:45 in November): times must still be stored and compared in UTC.
    const env = {
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      TZ: 'Pacific/Chatham',
    };
    const api = runNode(build, 'dist/main.js', [], env, workDir);
    running.push(api);
    const [, base] = await api.waitFor(LISTENING);
    expect(base).toBe(`http://127.0.0.1:${port}`);
    return { api, base };
  }

  it('creates and migrates the database, prints an admin token once that works, and exits 0 on SIGTERM', async () => {
    if (sqliteFile) expect(fs.existsSync(sqliteFile)).toBe(false);
    const { api, base } = await start();
    [, token] = await api.waitFor(TOKEN);
    await waitReady(base);
    if (sqliteFile) expect(fs.statSync(sqliteFile).size).toBeGreaterThan(0);

    const ok = await graphql(
      base,
      token,
      `
        mutation {
          recordLogin(event: { sessionId: "start-s1", userId: "start-u1", at: "2026-11-26T08:00:00.250Z" }) {
            id
            startedAt
          }
        }
      `
    );
    expect(ok.status).toBe(200);
    expect(ok.body.data.recordLogin.startedAt).toBe('2026-11-26T08:00:00.250Z');
    const read = await get(
      `${base}/graphql?query=${encodeURIComponent('{ users { totalCount nodes { externalId } } }')}`,
      token
    );
    expect(read).toEqual({
      status: 200,
      body: { data: { users: { totalCount: 1, nodes: [{ externalId: 'start-u1' }] } } },
    });
    const inRange = await graphql(
      base,
      token,
      `
        {
          loginSessions(filter: { from: "2026-11-26T08:00:00.250Z", to: "2026-11-26T08:00:00.251Z" }) {
            totalCount
          }
        }
      `
    );
    expect(inRange.body).toEqual({ data: { loginSessions: { totalCount: 1 } } });
    const outOfRange = await graphql(
      base,
      token,
      `
        {
          loginSessions(filter: { from: "2026-11-26T08:00:00.251Z" }) {
            totalCount
          }
        }
      `
    );
    expect(outOfRange.body).toEqual({ data: { loginSessions: { totalCount: 0 } } });

    const wrong = await graphql(base, `${token.slice(0, -2)}xx`, '{ users { totalCount } }');
    expect(wrong.status).toBe(401);
    expect(wrong.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');

    expect(await api.stop('SIGTERM')).toBe(0);
    // The token is printed, never logged elsewhere: once in the whole output.
    expect(api.output().split(token).length - 1).toBe(1);
  });

  it('starts again on the same database without a new token; the first one still works, the data is kept, and it exits 0 on SIGTERM', async () => {
    const { api, base } = await start();
    await waitReady(base);
    const read = await graphql(
      base,
      token,
      '{ loginSession(externalId: "start-s1") { startedAt user { externalId } } }'
    );
    expect(read).toEqual({
      status: 200,
      body: { data: { loginSession: { startedAt: '2026-11-26T08:00:00.250Z', user: { externalId: 'start-u1' } } } },
    });
    expect(api.output()).not.toMatch(/amk_/);
    expect(await api.stop('SIGTERM')).toBe(0);
  });

  it('`migrate down` reverts the latest migration and `migrate` applies it again', async () => {
    const env = { DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' };
    const latest = new MIGRATIONS[MIGRATIONS.length - 1]().name!;
    const upToDate = runNode(build, 'dist/migrate.js', [], env, workDir);
    expect(await upToDate.exited).toBe(0);
    expect(upToDate.output()).toMatch(/Already up to date/);

    const down = runNode(build, 'dist/migrate.js', ['down'], env, workDir);
    expect(await down.exited).toBe(0);
    expect(down.output()).toMatch(/Reverted/);

    const up = runNode(build, 'dist/migrate.js', [], env, workDir);
    expect(await up.exited).toBe(0);
    expect(up.output()).toContain(`Applied: ${latest}`);
  });
});

describe('npm start with a bad setting', () => {
  it('stops with exit code 2 and a message naming the variable', async () => {
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentmon-start-'));
    try {
      const api = runNode(
        build,
        'dist/main.js',
        [],
        { PORT: 'forty', DATABASE_URL: `sqlite:${path.join(workDir, 'never.sqlite')}` },
        workDir
      );
      expect(await api.exited).toBe(2);
      expect(api.output()).toMatch(/PORT/);
      expect(fs.existsSync(path.join(workDir, 'never.sqlite'))).toBe(false);
    } finally {
      fs.rmSync(workDir, { recursive: true, force: true });
    }
  });

  it('refuses to start in production with the placeholder token from .env.example, saying how to make one', async () => {
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentmon-start-'));
    try {
      const env = {
        NODE_ENV: 'production',
        AGENTMON_ADMIN_TOKEN: 'change-me-admin-token-0123456789',
        DATABASE_URL: `sqlite:${path.join(workDir, 'never.sqlite')}`,
      };
      const api = runNode(build, 'dist/main.js', [], env, workDir);
      expect(await api.exited).toBe(2);
      expect(api.output()).toMatch(
        /AGENTMON_ADMIN_TOKEN is still the placeholder from \.env\.example.*openssl rand -hex 24/
      );
      expect(fs.existsSync(path.join(workDir, 'never.sqlite'))).toBe(false);
    } finally {
      fs.rmSync(workDir, { recursive: true, force: true });
    }
  });
});
