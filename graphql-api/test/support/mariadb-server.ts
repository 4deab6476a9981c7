import { ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import mysql from 'mysql2/promise';
import { freePort } from './tcp-proxy';

/**
 * A MariaDB server process of the test's own (its own data directory, port and socket), for what
 * the shared server on 3306 cannot do without a restart: binary logging and replication.
 */
export interface MariaDbServer {
  port: number;
  /** `mysql://user:password@127.0.0.1:port` (no database). */
  url(user?: string, password?: string): string;
  query<T = Record<string, unknown>[]>(sql: string, values?: unknown[]): Promise<T>;
  stop(): Promise<void>;
}

const SEARCH = [
  '/usr/sbin',
  '/usr/bin',
  '/usr/local/sbin',
  '/usr/local/bin',
  ...(process.env.PATH ?? '').split(path.delimiter),
];

function binary(names: string[]): string {
  for (const dir of SEARCH) {
    for (const name of names) {
      const file = path.join(dir, name);
      if (fs.existsSync(file)) return file;
    }
  }
  throw new Error(
    `${names[0]} was not found (looked in ${[...new Set(SEARCH)].join(', ')}): the replication tests start MariaDB servers of ` +
      'their own and need the MariaDB server package (Debian: apt-get install mariadb-server).'
  );
}

/** Initialises a data directory and starts `mariadbd` on a free port; root has no password. */
export async function startMariaDb(options: { serverId: number; binaryLog?: boolean }): Promise<MariaDbServer> {
  const mariadbd = binary(['mariadbd', 'mysqld']);
  const installDb = binary(['mariadb-install-db', 'mysql_install_db']);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentmon-mariadb-'));
  const datadir = path.join(dir, 'data');
  const socket = path.join(dir, 'mariadb.sock');
  // mariadbd refuses to run as root unless told to; any other user runs it as themselves.
  const user = process.getuid?.() === 0 ? 'root' : os.userInfo().username;
  const remove = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    await promisify(execFile)(
      installDb,
      [
        '--no-defaults',
        `--datadir=${datadir}`,
        `--user=${user}`,
        '--auth-root-authentication-method=normal',
        '--skip-test-db',
      ],
      {
        timeout: 120_000,
      }
    );
  } catch (error) {
    remove();
    throw new Error(
      `${installDb} could not initialise ${datadir}: ${(error as Error & { stderr?: string }).stderr ?? (error as Error).message}`
    );
  }
  const port = await freePort();
  const args = [
    '--no-defaults',
    `--datadir=${datadir}`,
    `--socket=${socket}`,
    `--port=${port}`,
    '--bind-address=127.0.0.1',
    `--user=${user}`,
    `--server-id=${options.serverId}`,
    `--pid-file=${path.join(dir, 'mariadb.pid')}`,
    // Small, so two extra servers fit beside everyone else's on a shared machine.
    '--innodb-buffer-pool-size=64M',
    '--performance-schema=OFF',
    ...(options.binaryLog ? [`--log-bin=${path.join(dir, 'binlog')}`, '--binlog-format=ROW'] : []),
  ];
  const child: ChildProcess = spawn(mariadbd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let running = true;
  void exited.then(() => (running = false));
  const url = (user = 'root', password = '') =>
    `mysql://${encodeURIComponent(user)}${password ? `:${encodeURIComponent(password)}` : ''}@127.0.0.1:${port}`;
  const stop = async () => {
    if (running) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
    remove();
  };

  let admin: mysql.Connection | undefined;
  for (const started = Date.now(); !admin;) {
    if (!running) {
      remove();
      throw new Error(`${mariadbd} exited at start:\n${stderr}`);
    }
    admin = await mysql.createConnection(url()).catch(() => undefined);
    if (!admin && Date.now() - started > 60_000) {
      await stop();
      throw new Error(`${mariadbd} did not accept connections on port ${port} within 60 s:\n${stderr}`);
    }
    if (!admin) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const connection = admin;
  return {
    port,
    url,
    query: async <T>(sql: string, values?: unknown[]) => (await connection.query(sql, values))[0] as T,
    stop: async () => {
      await connection.end().catch(() => undefined);
      await stop();
    },
  };
}

/** A primary with binary logging and a replica applying its changes, both of the test's own. */
export interface Replication {
  primary: MariaDbServer;
  replica: MariaDbServer;
  /** Resolves once the replica has applied everything the primary has committed so far. */
  caughtUp(timeoutSeconds?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startReplication(): Promise<Replication> {
  const primary = await startMariaDb({ serverId: 1, binaryLog: true });
  let replica: MariaDbServer | undefined;
  try {
    replica = await startMariaDb({ serverId: 2 });
    await primary.query(`CREATE USER 'replication'@'%' IDENTIFIED BY 'replication'`);
    await primary.query(`GRANT REPLICATION SLAVE ON *.* TO 'replication'@'%'`);
    // Both start empty, so the replica applies the primary's binary log from its first event.
    await replica.query(
      `CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = ?, MASTER_USER = 'replication', MASTER_PASSWORD = 'replication', MASTER_USE_GTID = slave_pos`,
      [primary.port]
    );
    await replica.query('START SLAVE');
  } catch (error) {
    await replica?.stop();
    await primary.stop();
    throw error;
  }
  const both = { primary, replica };
  return {
    ...both,
    async caughtUp(timeoutSeconds = 60) {
      const [{ position }] = await primary.query<{ position: string }[]>('SELECT @@gtid_binlog_pos AS position');
      const [{ waited }] = await both.replica.query<{ waited: number }[]>('SELECT MASTER_GTID_WAIT(?, ?) AS waited', [
        position,
        timeoutSeconds,
      ]);
      if (Number(waited) !== 0) {
        const status = await both.replica.query('SHOW SLAVE STATUS');
        throw new Error(`the replica did not reach ${position} within ${timeoutSeconds} s: ${JSON.stringify(status)}`);
      }
    },
    async stop() {
      await both.replica.stop();
      await primary.stop();
    },
  };
}
