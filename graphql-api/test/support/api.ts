import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import mysql from 'mysql2/promise';
import pino from 'pino';
import { RunningServer, startServer } from '../../src/app/server';
import { AppServices, createServices } from '../../src/app/services';
import { Config, DatabaseConfig, loadConfig } from '../../src/config/config';

export type Dialect = 'mysql' | 'sqlite';
export const DIALECTS: Dialect[] = ['mysql', 'sqlite'];

/** The MariaDB/MySQL server tests create their databases on (never skipped: CI requires it). */
export const MYSQL_SERVER_URL = process.env.AGENTMON_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestDatabase {
  config: DatabaseConfig;
  drop(): Promise<void>;
}

/** A fresh, empty database of its own, so suites and workers never see each other's rows. */
export async function createTestDatabase(dialect: Dialect, label = 'api'): Promise<TestDatabase> {
  const name = `agentmon_t_${label.replace(/\W/g, '_').slice(0, 20)}_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentmon-'));
    return {
      config: { kind: 'sqlite', file: path.join(dir, `${name}.sqlite`) },
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const admin = await mysql.createConnection(MYSQL_SERVER_URL).catch((error: Error) => {
    throw new Error(
      `MariaDB/MySQL is required for the tests and is not reachable at ${MYSQL_SERVER_URL}: ${error.message}`
    );
  });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  return {
    config: { kind: 'mysql', url: `${MYSQL_SERVER_URL.replace(/\/$/, '')}/${name}` },
    drop: async () => {
      const connection = await mysql.createConnection(MYSQL_SERVER_URL);
      await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await connection.end();
    },
  };
}

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
}

export interface TestApi {
  url: string;
  services: AppServices;
  database: TestDatabase;
  /** POSTs a GraphQL request with the admin token (or `token`; null sends none). */
  gql<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string | null
  ): Promise<GraphQLResponse<T>>;
  /** Like gql, but fails the test on any GraphQL error and returns data. */
  data<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Use this database (the caller drops it) instead of a fresh one of its own. */
  database?: TestDatabase;
  /**
   * Wait until the API has connected and migrated (the default). With false, start() returns at
   * once and the API keeps connecting in the background, as it does in production.
   */
  waitForDatabase?: boolean;
  /** The API's clock (ms), for tests that move time instead of waiting. */
  clock?: () => number;
}

/** Starts the real API over HTTP on a loopback port with its own database. */
export async function startApi(
  dialect: Dialect,
  overrides: Partial<Config> = {},
  label = 'api',
  options: StartOptions = {}
): Promise<TestApi> {
  const database = options.database ?? (await createTestDatabase(dialect, label));
  const dropDatabase = options.database ? async () => undefined : () => database.drop();
  // Suites send requests as fast as they can: rate limits are tested on their own (limits.test.ts).
  const config: Config = {
    ...loadConfig({
      RATE_LIMIT_PER_SECOND: '1000000',
      RATE_LIMIT_BURST: '10000000',
      AUTH_FAILURES_PER_MINUTE: '1000000',
    }),
    adminToken: ADMIN_TOKEN,
    database: database.config,
    ...overrides,
  };
  const services = createServices(config, pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }), options.clock);
  let server: RunningServer | undefined;
  try {
    server = await startServer(services, 0, '127.0.0.1');
    const connecting = services.database.start();
    if (options.waitForDatabase === false) connecting.catch(() => undefined);
    else await connecting;
  } catch (error) {
    await server?.close();
    await services.database.stop();
    await dropDatabase();
    throw error;
  }
  const url = server.url;
  const gql = async <T>(query: string, variables?: Record<string, unknown>, token: string | null = ADMIN_TOKEN) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as GraphQLResponse<T>;
    return { ...body, status: response.status };
  };
  return {
    url,
    services,
    database,
    gql,
    async data<T>(query: string, variables?: Record<string, unknown>) {
      const response = await gql<T>(query, variables);
      if (response.errors) throw new Error(`GraphQL errors: ${JSON.stringify(response.errors, null, 2)}`);
      return response.data as T;
    },
    async close() {
      await server!.close();
      await services.database.stop();
      await dropDatabase();
    },
  };
}
