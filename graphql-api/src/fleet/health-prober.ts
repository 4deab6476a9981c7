import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { FleetConfig } from '../config/config';
import { allowedNetworks, ProbeLimits, probeEndpoint } from './probe-request';
import { Service } from './service.entity';
import { FleetRecorder } from './service.recorder';

const DUE_PER_CHECK = 200;

/**
 * Probes every registered health endpoint once per its interval, whichever API replica gets
 * there first: a replica claims a due probe by moving the service's next_probe_at forward with
 * a conditional UPDATE, which only one of them can win. Probes run side by side, each bounded by
 * the timeout, so a hanging endpoint delays no other.
 */
export class HealthProber {
  private readonly limits: ProbeLimits;
  private checking = false;
  private stopped = false;
  /** The look for due probes and the probes under way: what stopping waits for. */
  private readonly underWay = new Set<Promise<void>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly recorder: FleetRecorder,
    private readonly config: FleetConfig,
    private readonly logger: Logger,
    private readonly clock: () => number
  ) {
    this.limits = {
      timeoutMs: config.probeTimeoutMs,
      maxBodyBytes: config.probeMaxBodyBytes,
      allowed: allowedNetworks(config.probeAllowedNetworks),
    };
  }

  /**
   * Looks for due probes every HEALTH_PROBE_CHECK_MS; returns the function that stops looking and
   * resolves once the probes under way have ended (within the timeout) and are recorded: a probe
   * claimed and made but lost at shutdown would leave its interval with no record.
   */
  start(): () => Promise<void> {
    this.stopped = false;
    const timer = setInterval(() => this.track(this.check()), this.config.probeCheckMs);
    timer.unref();
    return async () => {
      clearInterval(timer);
      this.stopped = true;
      // A look under way may still start probes: wait until nothing is left.
      while (this.underWay.size > 0) await Promise.all(this.underWay);
    };
  }

  private track(work: Promise<void>): void {
    this.underWay.add(work);
    void work.finally(() => this.underWay.delete(work));
  }

  /** Claims and starts the probes that are due; does not wait for them. */
  async check(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      const now = new Date(this.clock());
      const due = await this.dataSource
        .getRepository(Service)
        .createQueryBuilder('s')
        .select(['s.id', 's.healthEndpoint', 's.probeIntervalSeconds', 's.nextProbeAt'])
        .where('s.retiredAt IS NULL AND s.healthEndpoint IS NOT NULL AND s.nextProbeAt <= :now', { now })
        .orderBy('s.nextProbeAt')
        .limit(DUE_PER_CHECK)
        .getMany();
      for (const service of due) {
        if (this.stopped) break;
        if (await this.claim(service, now)) this.track(this.run(service));
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'looking for due health probes failed');
    } finally {
      this.checking = false;
    }
  }

  /** Moves the service's next probe one interval on, unless another replica did first. */
  private async claim(service: Service, now: Date): Promise<boolean> {
    // One interval from the claim: two probes of a service are never less than an interval apart.
    const next = now.getTime() + service.probeIntervalSeconds * 1000;
    const result = await this.dataSource
      .createQueryBuilder()
      .update(Service)
      .set({ nextProbeAt: new Date(next) })
      .where('id = :id AND next_probe_at <= :now', { id: service.id, now })
      .execute();
    return result.affected === 1;
  }

  private run(service: Service): Promise<void> {
    return probeEndpoint(service.healthEndpoint!, this.limits)
      .then((result) => this.recorder.recordProbe(service.id, result))
      .catch((error: Error) =>
        this.logger.warn({ err: error, service: service.id }, 'recording a health probe failed')
      );
  }
}
