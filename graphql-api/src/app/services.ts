import pino, { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AuthService } from '../auth/auth.service';
import { Config } from '../config/config';
import { DatabaseConnector } from '../db/connector';
import { createDataSource } from '../db/data-source';
import { IngestService } from '../ingest/ingest.service';
import { CurrentState } from '../stats/current-state';
import { RollupMaintenance } from '../stats/maintenance';
import { StatsService } from '../stats/stats.service';

/** The long-lived parts of one API process, built once from the configuration. */
export interface AppServices {
  config: Config;
  logger: Logger;
  dataSource: DataSource;
  database: DatabaseConnector;
  auth: AuthService;
  ingest: IngestService;
  stats: StatsService;
  currentState: CurrentState;
  maintenance: RollupMaintenance;
}

export function createServices(config: Config, logger: Logger = pino({ level: config.logLevel })): AppServices {
  const dataSource = createDataSource(config.database);
  const auth = new AuthService(dataSource, config.adminToken);
  const database = new DatabaseConnector(dataSource, logger, async () => {
    const token = await auth.ensureBootstrapToken();
    if (token) announceBootstrapToken(token);
  });
  return {
    config,
    logger,
    dataSource,
    database,
    auth,
    stats: new StatsService(dataSource, config.minuteRollupDays),
    currentState: new CurrentState(dataSource),
    maintenance: new RollupMaintenance(dataSource, config.minuteRollupDays, logger),
    ingest: new IngestService(dataSource, { payloadMaxBytes: config.payloadMaxBytes, batchMaxEvents: config.batchMaxEvents, minuteRollupDays: config.minuteRollupDays }),
  };
}

/** Printed once, on the terminal only: the token is stored hashed and cannot be shown again. */
function announceBootstrapToken(token: string): void {
  process.stdout.write(
    `\nNo AGENTMON_ADMIN_TOKEN was set, so an admin token was created. It is shown only this once:\n\n` +
      `    ${token}\n\nSend it as "Authorization: Bearer <token>". Keep it safe.\n\n`,
  );
}
