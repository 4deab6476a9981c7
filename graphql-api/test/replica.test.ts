import { ConfigError, loadConfig } from '../src/config/config';
import { startApi, TestApi } from './support/api';
import { ingest, make } from './support/events';
import { Replication, startReplication } from './support/mariadb-server';

// Replication needs binary logging on the primary, which the shared server on 3306 may not have and
// cannot get without a restart: the test starts a primary and a replica of its own.
describe('statistics and lists read from a MariaDB replica (DATABASE_READ_URL)', () => {
  let replication: Replication;
  let api: TestApi;

  beforeAll(async () => {
    replication = await startReplication();
    const { primary, replica } = replication;
    await primary.query('CREATE DATABASE agentmon CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
    // The API reads the replica as a user that may only read: a write sent there would fail.
    await primary.query(`CREATE USER 'reader'@'%' IDENTIFIED BY 'reader-password'`);
    await primary.query(`GRANT SELECT ON agentmon.* TO 'reader'@'%'`);
    await replication.caughtUp();
    api = await startApi(
      'mysql',
      { readDatabase: { kind: 'mysql', url: `${replica.url('reader', 'reader-password')}/agentmon` } },
      'replica',
      { database: { config: { kind: 'mysql', url: `${primary.url()}/agentmon` }, drop: async () => undefined } }
    );
    await replication.caughtUp();
  }, 240_000);

  afterAll(async () => {
    await api?.close();
    await replication?.stop();
  }, 60_000);

  const READ = `{
    periodCounts(metric: AGENT_EXECUTIONS) { allTime }
    agentExecutions(first: 1) { totalCount }
    agents(first: 10) { nodes { name } }
  }`;
  type Figures = {
    periodCounts: { allTime: number };
    agentExecutions: { totalCount: number };
    agents: { nodes: { name: string }[] };
  };
  const read = () => api.data<Figures>(READ);
  const onPrimary = async () =>
    Number(
      (await replication.primary.query<{ n: number }[]>('SELECT COUNT(*) AS n FROM agentmon.agent_executions'))[0].n
    );

  it('shows what the replica has applied: the figure before a write while it lags, then the new one once it catches up', async () => {
    const first = await ingest(
      api,
      Array.from({ length: 5 }, () => ({ agentExecution: make.agentExecution({ agent: 'replica-agent' }) }))
    );
    expect(first.accepted).toBe(5);
    await replication.caughtUp();
    expect(await read()).toEqual({
      periodCounts: { allTime: 5 },
      agentExecutions: { totalCount: 5 },
      agents: { nodes: [{ name: 'replica-agent' }] },
    });

    // The replica stops applying changes (it still receives them): it now lags the primary.
    await replication.replica.query('STOP SLAVE SQL_THREAD');
    const second = await ingest(
      api,
      Array.from({ length: 3 }, () => ({ agentExecution: make.agentExecution({ agent: 'lagging-agent' }) }))
    );
    expect(second.accepted).toBe(3);
    // Accepted means committed on the primary...
    expect(await onPrimary()).toBe(8);
    // ...while a reader sees the replica's figures, consistent among themselves, as of before the write.
    expect(await read()).toEqual({
      periodCounts: { allTime: 5 },
      agentExecutions: { totalCount: 5 },
      agents: { nodes: [{ name: 'replica-agent' }] },
    });
    const [status] =
      await replication.replica.query<{ Slave_SQL_Running: string; Slave_IO_Running: string }[]>('SHOW SLAVE STATUS');
    expect([status.Slave_IO_Running, status.Slave_SQL_Running]).toEqual(['Yes', 'No']);

    await replication.replica.query('START SLAVE SQL_THREAD');
    await replication.caughtUp();
    const caughtUp = await read();
    expect(caughtUp.periodCounts.allTime).toBe(8);
    expect(caughtUp.agentExecutions.totalCount).toBe(8);
    expect(caughtUp.agents.nodes.map((agent) => agent.name).sort()).toEqual(['lagging-agent', 'replica-agent']);
  });

  it('keeps API keys on the primary: a new key works and a revoked one is refused at once, even while the replica lags', async () => {
    await replication.replica.query('STOP SLAVE SQL_THREAD');
    try {
      const created = await api.data<{ createApiKey: { token: string; key: { id: string } } }>(
        `mutation { createApiKey(name: "dashboard", role: READ) { token key { id } } }`
      );
      const { token } = created.createApiKey;
      const withKey = await api.gql(`{ periodCounts(metric: AGENT_EXECUTIONS) { allTime } }`, undefined, token);
      expect(withKey.errors).toBeUndefined();
      expect(withKey.data).toEqual({ periodCounts: { allTime: 8 } });

      await api.data(`mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: created.createApiKey.key.id });
      const revoked = await api.gql(`{ periodCounts(metric: AGENT_EXECUTIONS) { allTime } }`, undefined, token);
      expect(revoked.status).toBe(401);
    } finally {
      await replication.replica.query('START SLAVE SQL_THREAD');
    }
  });

  it('limits statements on the replica as on the primary (DB_STATEMENT_TIMEOUT_MS)', async () => {
    const limitOf = async (source: typeof api.services.dataSource) =>
      Number((await source.query('SELECT @@SESSION.max_statement_time AS s'))[0].s);
    const primaryLimit = await limitOf(api.services.dataSource);
    expect(primaryLimit).toBeGreaterThan(0);
    expect(await limitOf(api.services.readSource)).toBe(primaryLimit);
  });

  it('writes nothing through the read connection: its user may only read', async () => {
    await expect(api.services.readSource.query(`DELETE FROM agent_executions`)).rejects.toThrow(
      /DELETE command denied/
    );
    await replication.caughtUp();
    expect(
      Number(
        (await replication.replica.query<{ n: number }[]>('SELECT COUNT(*) AS n FROM agentmon.agent_executions'))[0].n
      )
    ).toBe(8);
  });
});

describe('DATABASE_READ_URL', () => {
  it('is optional, and refused with SQLite or a URL that is not MySQL', () => {
    expect(loadConfig({ DATABASE_URL: 'mysql://root@127.0.0.1:3306/agentmon' }).readDatabase).toBeNull();
    expect(
      loadConfig({
        DATABASE_URL: 'mysql://root@db:3306/agentmon',
        DATABASE_READ_URL: 'mariadb://reader@replica:3306/agentmon',
      }).readDatabase
    ).toEqual({
      kind: 'mysql',
      url: 'mysql://reader@replica:3306/agentmon',
    });
    expect(() =>
      loadConfig({ DATABASE_URL: 'sqlite:data/a.sqlite', DATABASE_READ_URL: 'mysql://reader@replica:3306/agentmon' })
    ).toThrow(ConfigError);
    expect(() =>
      loadConfig({ DATABASE_URL: 'mysql://root@db:3306/agentmon', DATABASE_READ_URL: 'sqlite:copy.sqlite' })
    ).toThrow(/DATABASE_READ_URL/);
  });
});
