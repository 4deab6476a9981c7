import { isIP } from 'node:net';
import path from 'node:path';
import proxyaddr from 'proxy-addr';

export type DatabaseConfig = { kind: 'mysql'; url: string } | { kind: 'sqlite'; file: string };

export interface Config {
  port: number;
  host: string;
  database: DatabaseConfig;
  /** A read-only copy (a replica) that statistics and lists read from; null reads the primary. */
  readDatabase: DatabaseConfig | null;
  adminToken: string | undefined;
  /** A READ key the API ensures at start, for Grafana's data source (AGENTMON_GRAFANA_TOKEN). */
  grafanaToken: string | undefined;
  sessionIdleTimeoutMinutes: number;
  payloadMaxBytes: number;
  batchMaxEvents: number;
  minuteRollupDays: number;
  /** Raw events older than this many days are deleted (rollups keep the history); null keeps them. */
  retentionDays: number | null;
  logLevel: string;
  limits: Limits;
  /** Alert thresholds, exported as gauges for the provisioned Grafana alert rules. */
  dailyCostBudgetUsd: number;
  approvalWaitMinutes: number;
  otlp: OtlpConfig;
  fleet: FleetConfig;
}

/** The OTLP/HTTP traces receiver (POST /v1/traces). */
export interface OtlpConfig {
  /** A JSON file of model prices laid over the shipped table; none: the shipped table alone. */
  pricesFile: string | undefined;
  /** Exports taken at once per process; more are answered 503 with Retry-After, so exporters back off. */
  maxConcurrentExports: number;
}

/** Heartbeat expectations and the API's health probes of registered services (see the README's "Fleet"). */
export interface FleetConfig {
  /** Defaults for services that register without their own intervals. */
  heartbeatIntervalSeconds: number;
  probeIntervalSeconds: number;
  probeTimeoutMs: number;
  /** A health endpoint's answer is read up to this many bytes; a longer one counts as down. */
  probeMaxBodyBytes: number;
  /** Networks (CIDR) that probes may connect to; an endpoint resolving elsewhere counts as down. */
  probeAllowedNetworks: string[];
  /** How often each replica looks for probes that are due. */
  probeCheckMs: number;
}

/** What one client may ask of the API (see the README's "Security and limits"). */
export interface Limits {
  bodyMaxBytes: number;
  maxDepth: number;
  /** Budget of one operation in the cost model of app/request-cost.ts. */
  maxCost: number;
  /** Operations costing this much or more run in the heavy lane, `heavyConcurrency` at a time. */
  heavyCost: number;
  heavyConcurrency: number;
  maxAliases: number;
  /** Longest query document, in bytes and in lexical tokens. */
  queryMaxBytes: number;
  queryMaxTokens: number;
  /** Most items in any list argument other than a batch's events (BATCH_MAX_EVENTS). */
  listMaxItems: number;
  /** Wall-clock budget of one GraphQL request, and of one database statement (MariaDB). */
  requestTimeoutMs: number;
  statementTimeoutMs: number;
  introspection: boolean;
  /** Origins allowed to call the API from a browser; none by default. */
  corsOrigins: string[];
  /** Requests per second per key, and the burst above it a key may spend at once. */
  ratePerSecond: number;
  rateBurst: number;
  /** Failed authentications a client address may make per minute (and at once) before 429s. */
  authFailuresPerMinute: number;
  /**
   * The proxies in front of the API whose X-Forwarded-For names the client address, as Express's
   * "trust proxy": false (the socket's peer is the client), a hop count, or addresses, subnets and
   * names (loopback, linklocal, uniquelocal).
   */
  trustProxy: false | number | string[];
  /** Shares the rate limits between API replicas when set. */
  redisUrl: string | undefined;
  /** Starts every Redis key, so deployments sharing one Redis keep apart budgets. */
  redisKeyPrefix: string;
  /** How long a request waits for Redis before limiting on this replica's own buckets. */
  redisTimeoutMs: number;
}

export class ConfigError extends Error {}

// The words a setting may say yes or no with.
const YES = /^(1|true|yes|on)$/i;
const NO = /^(0|false|no|off)$/i;

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (YES.test(raw)) return true;
  if (NO.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function trustedProxies(env: NodeJS.ProcessEnv, name: string): false | number | string[] {
  const raw = (env[name] ?? '').trim();
  if (raw === '' || NO.test(raw)) return false;
  if (/^\d+$/.test(raw)) return Number(raw);
  if (YES.test(raw)) {
    throw new ConfigError(
      `${name}=${raw} would let any client name its own address in X-Forwarded-For and so escape the ` +
        'failed-authentication limit; name the proxies (e.g. loopback or 10.0.0.0/8) or give a hop count'
    );
  }
  const proxies = raw
    .split(',')
    .map((proxy) => proxy.trim())
    .filter(Boolean);
  try {
    proxyaddr.compile(proxies);
  } catch (error) {
    throw new ConfigError(
      `${name} must be a hop count or proxy addresses, subnets and names (loopback, linklocal, uniquelocal): ${(error as Error).message}`
    );
  }
  return proxies;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function positiveNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new ConfigError(`${name} must be a number above 0, got "${raw}"`);
  return value;
}

/** A comma-separated list of CIDR networks ("none" for no network at all). */
function networks(env: NodeJS.ProcessEnv, name: string, fallback: string): string[] {
  const raw = (env[name] ?? fallback).trim();
  if (raw === 'none' || raw === '') return [];
  const list = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of list) {
    const [address, bits, extra] = entry.split('/');
    const family = isIP(address);
    const max = family === 6 ? 128 : 32;
    if (!family || extra !== undefined || !/^\d{1,3}$/.test(bits ?? '') || Number(bits) > max) {
      throw new ConfigError(
        `${name} must list networks as address/prefix (e.g. 10.0.0.0/8,::1/128) or be "none", got "${entry}"`
      );
    }
  }
  return list;
}

export function parseDatabaseUrl(raw: string | undefined, cwd = process.cwd()): DatabaseConfig {
  if (!raw) return { kind: 'sqlite', file: path.resolve(cwd, 'data', 'agentmon.sqlite') };
  if (raw.startsWith('sqlite:')) {
    const file = raw.slice('sqlite:'.length).replace(/^\/\//, '');
    if (!file) throw new ConfigError('DATABASE_URL "sqlite:" needs a file path, e.g. sqlite:data/agentmon.sqlite');
    return { kind: 'sqlite', file: file === ':memory:' ? file : path.resolve(cwd, file) };
  }
  if (raw.startsWith('mysql://') || raw.startsWith('mariadb://')) {
    let url: URL;
    try {
      url = new URL(raw.replace(/^mariadb:/, 'mysql:'));
    } catch {
      throw new ConfigError(`DATABASE_URL is not a valid URL: "${raw}"`);
    }
    if (url.pathname.length <= 1) {
      throw new ConfigError('DATABASE_URL must name a database, e.g. mysql://user:pass@host:3306/agentmon');
    }
    return { kind: 'mysql', url: url.toString() };
  }
  throw new ConfigError(`DATABASE_URL must start with mysql://, mariadb:// or sqlite:, got "${raw}"`);
}

/** .env.example's placeholders all start so; in production they would be guessable secrets. */
const PLACEHOLDER = /^change-me/i;

function token(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name] || undefined;
  if (value === undefined) return undefined;
  if (value.length < 16) throw new ConfigError(`${name} must be at least 16 characters long`);
  if (env.NODE_ENV === 'production' && PLACEHOLDER.test(value)) {
    throw new ConfigError(
      `${name} is still the placeholder from .env.example; set a secret of your own, e.g. from: openssl rand -hex 24`
    );
  }
  return value;
}

/** DATABASE_READ_URL: a MySQL/MariaDB replica of DATABASE_URL's database (SQLite has none). */
export function parseReadDatabaseUrl(raw: string | undefined, primary: DatabaseConfig): DatabaseConfig | null {
  if (!raw) return null;
  if (primary.kind !== 'mysql')
    throw new ConfigError('DATABASE_READ_URL needs DATABASE_URL to be a mysql:// or mariadb:// URL');
  const read = parseDatabaseUrl(raw);
  if (read.kind !== 'mysql')
    throw new ConfigError(`DATABASE_READ_URL must start with mysql:// or mariadb://, got "${raw}"`);
  return read;
}

/** Reads and validates the whole configuration once, so a bad value stops the process at start. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  const adminToken = token(env, 'AGENTMON_ADMIN_TOKEN');
  const grafanaToken = token(env, 'AGENTMON_GRAFANA_TOKEN');
  if (grafanaToken !== undefined && grafanaToken === adminToken) {
    throw new ConfigError(
      'AGENTMON_GRAFANA_TOKEN must differ from AGENTMON_ADMIN_TOKEN: Grafana gets a READ key, never the admin token'
    );
  }
  const database = parseDatabaseUrl(env.DATABASE_URL);
  return {
    port: integer(env, 'PORT', 4000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    database,
    readDatabase: parseReadDatabaseUrl(env.DATABASE_READ_URL, database),
    adminToken,
    grafanaToken,
    sessionIdleTimeoutMinutes: integer(env, 'SESSION_IDLE_TIMEOUT_MINUTES', 30, 1, 10080),
    payloadMaxBytes: integer(env, 'PAYLOAD_MAX_BYTES', 16384, 0, 1048576),
    batchMaxEvents: integer(env, 'BATCH_MAX_EVENTS', 5000, 1, 100000),
    minuteRollupDays: integer(env, 'MINUTE_ROLLUP_DAYS', 7, 1, 90),
    retentionDays: integer(env, 'RETENTION_DAYS', 0, 0, 36500) || null,
    logLevel,
    limits: {
      bodyMaxBytes: integer(env, 'BODY_MAX_BYTES', 10 * 2 ** 20, 1024, 100 * 2 ** 20),
      maxDepth: integer(env, 'QUERY_MAX_DEPTH', 10, 2, 100),
      maxCost: integer(env, 'QUERY_MAX_COST', 25_000, 10, 100_000_000),
      heavyCost: integer(env, 'QUERY_HEAVY_COST', 5000, 1, 100_000_000),
      heavyConcurrency: integer(env, 'QUERY_HEAVY_CONCURRENCY', 1, 1, 1000),
      maxAliases: integer(env, 'QUERY_MAX_ALIASES', 30, 1, 1000),
      queryMaxBytes: integer(env, 'QUERY_MAX_BYTES', 64 * 1024, 256, 10 * 2 ** 20),
      queryMaxTokens: integer(env, 'QUERY_MAX_TOKENS', 5000, 50, 1_000_000),
      listMaxItems: integer(env, 'LIST_MAX_ITEMS', 1000, 1, 100_000),
      requestTimeoutMs: integer(env, 'REQUEST_TIMEOUT_MS', 5000, 100, 600_000),
      statementTimeoutMs: integer(env, 'DB_STATEMENT_TIMEOUT_MS', 5000, 100, 600_000),
      introspection: flag(env, 'INTROSPECTION', true),
      corsOrigins: (env.CORS_ORIGINS ?? '')
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
      ratePerSecond: integer(env, 'RATE_LIMIT_PER_SECOND', 500, 1, 1000000),
      rateBurst: integer(env, 'RATE_LIMIT_BURST', 1000, 0, 10000000),
      authFailuresPerMinute: integer(env, 'AUTH_FAILURES_PER_MINUTE', 30, 1, 1_000_000),
      trustProxy: trustedProxies(env, 'TRUST_PROXY'),
      redisUrl: env.REDIS_URL || undefined,
      redisKeyPrefix: env.REDIS_KEY_PREFIX || 'agentmon',
      redisTimeoutMs: integer(env, 'REDIS_TIMEOUT_MS', 250, 10, 10_000),
    },
    dailyCostBudgetUsd: positiveNumber(env, 'ALERT_DAILY_COST_BUDGET_USD', 100),
    approvalWaitMinutes: integer(env, 'ALERT_APPROVAL_WAIT_MINUTES', 60, 1, 10080),
    otlp: {
      pricesFile: env.OTLP_PRICES_FILE || undefined,
      maxConcurrentExports: integer(env, 'OTLP_MAX_CONCURRENT_EXPORTS', 16, 1, 10000),
    },
    fleet: {
      heartbeatIntervalSeconds: integer(env, 'FLEET_HEARTBEAT_INTERVAL_SECONDS', 30, 1, 86400),
      probeIntervalSeconds: integer(env, 'HEALTH_PROBE_INTERVAL_SECONDS', 30, 1, 86400),
      probeTimeoutMs: integer(env, 'HEALTH_PROBE_TIMEOUT_MS', 5000, 10, 60000),
      probeMaxBodyBytes: integer(env, 'HEALTH_PROBE_MAX_BODY_BYTES', 65536, 0, 10485760),
      probeAllowedNetworks: networks(env, 'HEALTH_PROBE_ALLOWED_NETWORKS', '127.0.0.0/8,::1/128'),
      probeCheckMs: integer(env, 'HEALTH_PROBE_CHECK_MS', 1000, 10, 60000),
    },
  };
}
