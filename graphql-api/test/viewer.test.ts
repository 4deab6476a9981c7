import { ConfigError, loadConfig } from '../src/config/config';
import { sha256 } from '../src/auth/auth.service';
import { ApiKey } from '../src/auth/api-key.entity';
import { ADMIN_TOKEN, createTestDatabase, DIALECTS, startApi, TestApi, TestDatabase } from './support/api';

/**
 * `viewer` tells each key its own role (Grafana's data source warns when it holds a write key), and
 * AGENTMON_GRAFANA_TOKEN becomes a READ key at start, stored hashed, once however often the API starts.
 */
const VIEWER = '{ viewer { role name expiresAt } }';
const GRAFANA_TOKEN = 'grafana-read-token-0123456789abcdef';

describe.each(DIALECTS)('viewer and the Grafana READ key on %s', (dialect) => {
  let database: TestDatabase;
  let api: TestApi;
  beforeAll(async () => {
    database = await createTestDatabase(dialect, 'viewer');
    api = await startApi(dialect, { grafanaToken: GRAFANA_TOKEN }, 'viewer', { database });
  });
  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  it('answers every role its own role, name and expiry', async () => {
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const created = async (name: string, role: string, expires: string | null = null) =>
      (
        await api.data(
          `mutation($name: String!, $role: Role!, $expiresAt: DateTimeISO) { createApiKey(name: $name, role: $role, expiresAt: $expiresAt) { token } }`,
          { name, role, expiresAt: expires }
        )
      ).createApiKey.token as string;
    const ingest = await created('sender', 'INGEST', expiresAt);
    const read = await created('dashboards', 'READ');
    expect(await api.gql(VIEWER, {}, ADMIN_TOKEN)).toEqual({
      status: 200,
      data: { viewer: { role: 'ADMIN', name: 'AGENTMON_ADMIN_TOKEN', expiresAt: null } },
    });
    expect(await api.gql(VIEWER, {}, ingest)).toEqual({
      status: 200,
      data: { viewer: { role: 'INGEST', name: 'sender', expiresAt } },
    });
    expect(await api.gql(VIEWER, {}, read)).toEqual({
      status: 200,
      data: { viewer: { role: 'READ', name: 'dashboards', expiresAt: null } },
    });
    const anonymous = await api.gql(VIEWER, {}, null);
    expect([anonymous.status, anonymous.errors?.[0].extensions?.code]).toEqual([401, 'UNAUTHENTICATED']);
  });

  it('makes AGENTMON_GRAFANA_TOKEN a READ key that cannot write, stored only as its hash', async () => {
    expect(await api.gql(VIEWER, {}, GRAFANA_TOKEN)).toEqual({
      status: 200,
      data: { viewer: { role: 'READ', name: 'grafana (AGENTMON_GRAFANA_TOKEN)', expiresAt: null } },
    });
    const write = await api.gql(
      `mutation { createApiKey(name: "escalated", role: ADMIN) { token } }`,
      {},
      GRAFANA_TOKEN
    );
    expect([write.status, write.errors?.[0].extensions?.code, write.data]).toEqual([403, 'FORBIDDEN', null]);
    const rows = await api.services.dataSource.getRepository(ApiKey).findBy({ role: 'read' as ApiKey['role'] });
    const row = rows.find((key) => key.name.startsWith('grafana'))!;
    expect(row.tokenSha256).toBe(sha256(GRAFANA_TOKEN));
    expect(JSON.stringify(rows)).not.toContain(GRAFANA_TOKEN);
  });

  it('keeps one key for the token however often the API starts, and refuses a token another role holds', async () => {
    for (let start = 0; start < 2; start++) {
      const again = await startApi(dialect, { grafanaToken: GRAFANA_TOKEN }, 'viewer', { database });
      await again.close();
    }
    const keys = (await api.data(`{ apiKeys { name role } }`)).apiKeys as { name: string; role: string }[];
    expect(keys.filter((key) => key.name.startsWith('grafana'))).toEqual([
      { name: 'grafana (AGENTMON_GRAFANA_TOKEN)', role: 'READ' },
    ]);

    const admin = (await api.data(`mutation { createApiKey(name: "ops", role: ADMIN) { token } }`)).createApiKey
      .token as string;
    await expect(startApi(dialect, { grafanaToken: admin }, 'viewer', { database })).rejects.toThrow(
      /already the API key "ops" with the ADMIN role/
    );
  });
});

describe('tokens in production', () => {
  const production = { NODE_ENV: 'production', AGENTMON_ADMIN_TOKEN: 'a-real-secret-4f1c9e2b7a' };

  it.each(['AGENTMON_ADMIN_TOKEN', 'AGENTMON_GRAFANA_TOKEN'])(
    'refuses the .env.example placeholder in %s and says how to make a token',
    (name) => {
      const env = { ...production, [name]: 'change-me-admin-token-0123456789' };
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(
        new RegExp(`${name} is still the placeholder from \\.env\\.example.*openssl rand -hex 24`)
      );
      expect(() => loadConfig({ ...env, NODE_ENV: 'development' })).not.toThrow();
    }
  );

  it('refuses a Grafana token equal to the admin token', () => {
    expect(() => loadConfig({ ...production, AGENTMON_GRAFANA_TOKEN: production.AGENTMON_ADMIN_TOKEN })).toThrow(
      /must differ from AGENTMON_ADMIN_TOKEN/
    );
  });
});
