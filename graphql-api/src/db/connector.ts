import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { isUnavailable } from './errors';
import { runMigrationsExclusively } from './run-migrations';

const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 5000;

/**
 * Connects to the database and migrates it, retrying until it works, so the API can start (and
 * answer /health and /ready) before its database is up. Once connected, the driver's pool
 * reconnects by itself after outages. A replica to read from, when there is one, is connected
 * after the primary is migrated (it receives the migrations through replication).
 */
export class DatabaseConnector {
  private connected = false;
  private stopped = false;
  private attempt: Promise<void> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
    private readonly afterMigrate: () => Promise<void>,
    private readonly replica?: DataSource,
    private readonly afterReplica: (replica: DataSource) => void = () => undefined
  ) {}

  get isConnected(): boolean {
    return this.connected;
  }

  /**
   * Whether the database, and the replica if any (it serves every statistic), answer a trivial
   * statement within `timeoutMs` (false also when the network drops their packets).
   */
  async answers(timeoutMs: number): Promise<boolean> {
    if (!this.connected) return false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const sources = [this.dataSource, ...(this.replica ? [this.replica] : [])];
    const both = Promise.all(sources.map((source) => source.query('SELECT 1'))).then(
      () => true,
      () => false
    );
    const ok = await Promise.race([both, timeout]);
    clearTimeout(timer);
    return ok;
  }

  /** Resolves once connected and migrated (or never, if stopped first); rejects on a failed migration. */
  start(): Promise<void> {
    this.attempt ??= this.loop();
    return this.attempt;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    if (this.replica?.isInitialized) await this.replica.destroy();
  }

  private async loop(): Promise<void> {
    let delay = FIRST_DELAY_MS;
    for (let failures = 0; !this.stopped; failures++) {
      try {
        if (!this.dataSource.isInitialized) await this.dataSource.initialize();
        const applied = await runMigrationsExclusively(this.dataSource);
        for (const migration of applied) this.logger.info({ migration: migration.name }, 'migration applied');
        await this.afterMigrate();
        if (this.replica && !this.replica.isInitialized) {
          await this.replica.initialize();
          this.afterReplica(this.replica);
        }
        this.connected = true;
        return;
      } catch (error) {
        if (!isUnavailable(error)) {
          // A failing migration is not an outage: waiting would not fix it.
          this.logger.fatal({ err: error }, 'database setup failed');
          throw error;
        }
        if (failures === 0 || failures % 10 === 0) {
          this.logger.warn({ err: error, retryInMs: delay }, 'database not reachable yet; retrying');
        }
        if (this.dataSource.isInitialized) await this.dataSource.destroy().catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, MAX_DELAY_MS);
      }
    }
  }
}
