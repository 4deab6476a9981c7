import pino, { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AuthService } from '../auth/auth.service';
import { RateLimit } from '../auth/rate-limit';
import { Config } from '../config/config';
import { DatabaseConnector } from '../db/connector';
import { createDataSource, limitStatementTime } from './data-source';
import { HealthProber } from '../fleet/health-prober';
import { FleetRecorder } from '../fleet/service.recorder';
import { IngestService } from '../ingest/ingest.service';
import { DimensionLabels } from '../telemetry/dimension-labels';
import { IngestCounters, LABEL_LIMITS } from '../telemetry/ingest-counters';
import { Metrics } from '../telemetry/prometheus';
import { StateGauges } from '../telemetry/state-gauges';
import { CurrentState } from '../activity/current-state';
import { ModelPrices } from '../otlp/model-prices';
import { OtlpService } from '../otlp/otlp.service';
import { runPeriodically } from '../common/periodic';
import { deleteExpiredEvents } from '../retention/retention.service';
import { pruneMinuteRollups } from '../rollups/maintenance';

const HOUR_MS = 3_600_000;

/** The long-lived parts of one API process, built once from the configuration. */
export interface AppServices {
  config: Config;
  logger: Logger;
  /** The primary: every write, and the reads that ingestion locks. */
  dataSource: DataSource;
  /**
   * Where statistics and lists read: the replica of DATABASE_READ_URL, else the primary. A
   * replica answers as of the last change it has applied, so its figures may lag the primary's.
   */
  readSource: DataSource;
  database: DatabaseConnector;
  auth: AuthService;
  rateLimit: RateLimit;
  ingest: IngestService;
  /** Turns OTLP trace exports into events for `ingest`. */
  otlp: OtlpService;
  currentState: CurrentState;
  /**
   * Starts the background jobs (hourly: pruning minute rollups, deleting expired raw events; health
   * probes); returns their stop, which resolves once the probes under way are recorded.
   */
  startJobs(): () => Promise<void>;
  metrics: Metrics;
  stateGauges: StateGauges;
  /** The time in ms, as everything that derives state from time reads it (tests move it). */
  clock: () => number;
  fleet: FleetRecorder;
  prober: HealthProber;
}

export function createServices(
  config: Config,
  logger: Logger = pino({ level: config.logLevel }),
  clock: () => number = Date.now
): AppServices {
  const dataSource = createDataSource(config.database);
  const replica = config.readDatabase ? createDataSource(config.readDatabase) : undefined;
  const readSource = replica ?? dataSource;
  // API keys are read from the primary: a revoked key must stop working at once, not after the lag.
  const auth = new AuthService(dataSource, config.adminToken);
  const database = new DatabaseConnector(
    dataSource,
    logger,
    async () => {
      limitStatementTime(dataSource, config.limits.statementTimeoutMs);
      const token = await auth.ensureBootstrapToken();
      if (token) announceBootstrapToken(token);
      if (config.grafanaToken) await auth.ensureReadKey('grafana (AGENTMON_GRAFANA_TOKEN)', config.grafanaToken);
    },
    replica,
    // Statistics read there: the same limit, so no request holds a replica's connection longer.
    (source) => limitStatementTime(source, config.limits.statementTimeoutMs)
  );
  const currentState = new CurrentState(readSource);
  const metrics = new Metrics();
  const fleet = new FleetRecorder(dataSource, config.fleet, config.minuteRollupDays, clock);
  const prober = new HealthProber(dataSource, fleet, config.fleet, logger, clock);
  const counters = new IngestCounters(metrics, new DimensionLabels(dataSource, LABEL_LIMITS.named), logger);
  const ingest = new IngestService(dataSource, {
    payloadMaxBytes: config.payloadMaxBytes,
    batchMaxEvents: config.batchMaxEvents,
    minuteRollupDays: config.minuteRollupDays,
    onCommitted: (changes) => counters.count(changes),
  });
  return {
    config,
    logger,
    dataSource,
    readSource,
    database,
    auth,
    rateLimit: new RateLimit(
      config.limits,
      {
        up: (reachable) => metrics.rateLimitStoreUp.set(reachable ? 1 : 0),
        fellBack: () => metrics.rateLimitStoreFailures.inc(),
      },
      logger
    ),
    currentState,
    startJobs() {
      const stops: (() => void | Promise<void>)[] = [
        runPeriodically(
          () => pruneMinuteRollups(dataSource, config.minuteRollupDays),
          HOUR_MS,
          logger,
          'pruning minute rollups'
        ),
        prober.start(),
      ];
      const retentionDays = config.retentionDays;
      if (retentionDays !== null) {
        stops.push(
          runPeriodically(
            async () =>
              logger.info(
                { deleted: await deleteExpiredEvents(dataSource, retentionDays), retentionDays },
                'deleted expired raw events'
              ),
            HOUR_MS,
            logger,
            'deleting expired raw events'
          )
        );
      }
      return async () => {
        await Promise.all(stops.map((stop) => stop()));
      };
    },
    ingest,
    otlp: new OtlpService(dataSource, ingest, ModelPrices.load(config.otlp.pricesFile), config.batchMaxEvents),
    metrics,
    stateGauges: new StateGauges(metrics, { config, dataSource, database, currentState, logger, clock }),
    clock,
    fleet,
    prober,
  };
}

/** Printed once, on the terminal only: the token is stored hashed and cannot be shown again. */
function announceBootstrapToken(token: string): void {
  process.stdout.write(
    `\nNo AGENTMON_ADMIN_TOKEN was set, so an admin token was created. It is shown only this once:\n\n` +
      `    ${token}\n\nSend it as "Authorization: Bearer <token>". Keep it safe.\n\n`
  );
}
