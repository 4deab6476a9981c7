import { DataSource, EntityManager, FindOptionsWhere } from 'typeorm';
import { InputError, notFound } from '../common/errors';
import { FleetConfig } from '../config/config';
import { isMysql } from '../db/dialect';
import { dialectOf } from '../db/dialect';
import { inTransaction } from '../db/transaction';
import * as v from '../recording/validate';
import { minuteFloor } from '../rollups/buckets';
import { RollupDeltas, writeRollups } from '../rollups/rollup.writer';
import { HeartbeatStatus, ServiceState, StateSource } from './fleet-states';
import { HealthProbe } from './health-probe.entity';
import { HeartbeatEventInput, ServiceChangesInput, ServiceLabelInput, ServiceRegistrationInput } from './service.input';
import { Service, ServiceLabel } from './service.entity';
import { ServiceHeartbeat } from './service-heartbeat.entity';
import { ServiceStateChange } from './service-state-change.entity';
import { DerivedChange, heartbeatStateAt, silentChanges, stateOfStatus } from './service-state';

/** A heartbeat dated further ahead of the API's clock than this is refused (clock skew or a unit mistake). */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;
const URL_MAX = 2048;
const SHORT_TEXT_BYTES = 512;
const LABELS_MAX = 32;
const LABEL_KEY = /^[A-Za-z_][A-Za-z0-9_.-]{0,62}$/;
const INTERVAL_MAX_SECONDS = 86400;

/** What one probe of a health endpoint found. */
export interface ProbeResult {
  at: Date;
  up: boolean;
  statusCode: number | null;
  responseMs: number | null;
  error: string | null;
}

function httpUrl(field: string, value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (value.length > URL_MAX) throw new InputError(field, `must be at most ${URL_MAX} characters, got ${value.length}`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(field, `must be an absolute http or https URL, got ${JSON.stringify(value.slice(0, 80))}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InputError(field, `must be an http or https URL, got ${url.protocol}`);
  // Readers of the fleet see the URL: a password in it would be shown to every READ key.
  if (url.username || url.password) throw new InputError(field, 'must not contain a user name or password');
  return url.toString();
}

function labels(field: string, value: ServiceLabelInput[]): ServiceLabel[] {
  if (value.length > LABELS_MAX)
    throw new InputError(field, `must have at most ${LABELS_MAX} labels, got ${value.length}`);
  const seen = new Set<string>();
  return value.map((label, i) => {
    if (!LABEL_KEY.test(label.key))
      throw new InputError(
        `${field}[${i}].key`,
        'must be letters, digits, "_", "-" or "." (at most 63, starting with a letter or "_")'
      );
    if (seen.has(label.key)) throw new InputError(`${field}[${i}].key`, `"${label.key}" is given twice`);
    seen.add(label.key);
    return { key: label.key, value: v.optionalText(`${field}[${i}].value`, label.value, 256) ?? '' };
  });
}

function interval(field: string, value: number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < 1 || value > INTERVAL_MAX_SECONDS) {
    throw new InputError(field, `must be a whole number of seconds from 1 to ${INTERVAL_MAX_SECONDS}, got ${value}`);
  }
  return value;
}

/** The registration or update fields, checked; only those given. */
function checkedChanges(
  changes: ServiceChangesInput | ServiceRegistrationInput,
  probeTimeoutMs: number
): Partial<Service> {
  const checked: Partial<Service> = {};
  if (changes.name !== null && changes.name !== undefined) checked.name = v.name('name', changes.name);
  if (changes.type !== null && changes.type !== undefined) checked.type = changes.type;
  if (changes.url !== null && changes.url !== undefined) checked.url = httpUrl('url', changes.url);
  if (changes.healthEndpoint !== null && changes.healthEndpoint !== undefined)
    checked.healthEndpoint = httpUrl('healthEndpoint', changes.healthEndpoint);
  if (changes.version !== null && changes.version !== undefined)
    checked.version = v.name('version', changes.version, 128);
  if (changes.labels !== null && changes.labels !== undefined) checked.labels = labels('labels', changes.labels);
  const heartbeat = interval('heartbeatIntervalSeconds', changes.heartbeatIntervalSeconds);
  if (heartbeat !== null) checked.heartbeatIntervalSeconds = heartbeat;
  const probe = interval('probeIntervalSeconds', changes.probeIntervalSeconds);
  if (probe !== null) {
    // A probe must end before the next is due, so that one service's probes never overlap.
    if (probe * 1000 <= probeTimeoutMs)
      throw new InputError('probeIntervalSeconds', `must be longer than the probe timeout (${probeTimeoutMs} ms)`);
    checked.probeIntervalSeconds = probe;
  }
  return checked;
}

/** Registration, updates, retirement, heartbeats and probe results: each in one transaction, with its rollups. */
export class FleetRecorder {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: FleetConfig,
    private readonly minuteRollupDays: number,
    private readonly clock: () => number
  ) {}

  async register(input: ServiceRegistrationInput): Promise<Service> {
    const serviceId = v.externalId('serviceId', input.serviceId);
    const fields = checkedChanges(input, this.config.probeTimeoutMs);
    const now = new Date(this.clock());
    return inTransaction(this.dataSource, async (manager) => {
      const stored = await this.locked(manager, { serviceId });
      const registered: Partial<Service> = {
        url: null,
        healthEndpoint: null,
        version: null,
        labels: [],
        heartbeatIntervalSeconds: this.config.heartbeatIntervalSeconds,
        probeIntervalSeconds: this.config.probeIntervalSeconds,
        ...fields,
        updatedAt: now,
        retiredAt: null,
      };
      registered.nextProbeAt = registered.healthEndpoint ? now : null;
      if (!stored) {
        const created = manager.create(Service, { serviceId, registeredAt: now, ...registered });
        await manager.insert(Service, created);
        return created;
      }
      await manager.update(Service, { id: stored.id }, registered);
      if (stored.retiredAt)
        await this.insertChanges(manager, stored.id, StateSource.REGISTRY, [
          { at: now, state: ServiceState.UNKNOWN, previousState: ServiceState.RETIRED, reason: 'registered again' },
        ]);
      return Object.assign(stored, registered);
    });
  }

  async update(serviceIdInput: string, changes: ServiceChangesInput): Promise<Service> {
    const serviceId = v.externalId('serviceId', serviceIdInput);
    const fields = (() => {
      try {
        return checkedChanges(changes, this.config.probeTimeoutMs);
      } catch (error) {
        throw error instanceof InputError ? error.under('changes') : error;
      }
    })();
    const now = new Date(this.clock());
    return inTransaction(this.dataSource, async (manager) => {
      const stored = await this.existing(manager, serviceId);
      const updated: Partial<Service> = { ...fields, updatedAt: now };
      if ('healthEndpoint' in fields || 'probeIntervalSeconds' in fields)
        updated.nextProbeAt = (fields.healthEndpoint ?? stored.healthEndpoint) && !stored.retiredAt ? now : null;
      await manager.update(Service, { id: stored.id }, updated);
      return Object.assign(stored, updated);
    });
  }

  async retire(serviceIdInput: string): Promise<Service> {
    const serviceId = v.externalId('serviceId', serviceIdInput);
    const now = new Date(this.clock());
    return inTransaction(this.dataSource, async (manager) => {
      const stored = await this.existing(manager, serviceId);
      if (stored.retiredAt) return stored;
      const retired = { retiredAt: now, updatedAt: now, nextProbeAt: null };
      await manager.update(Service, { id: stored.id }, retired);
      await this.insertChanges(manager, stored.id, StateSource.REGISTRY, [
        { at: now, state: ServiceState.RETIRED, previousState: ServiceState.UNKNOWN, reason: 'retired' },
      ]);
      return Object.assign(stored, retired);
    });
  }

  async heartbeat(event: HeartbeatEventInput): Promise<Service> {
    const serviceId = v.externalId('serviceId', event.serviceId);
    const now = this.clock();
    const at = event.at ? v.time('at', event.at) : new Date(now);
    if (at.getTime() > now + MAX_FUTURE_SKEW_MS) {
      throw new InputError(
        'at',
        `is ${Math.round((at.getTime() - now) / 1000)} s ahead of the API's clock; at most ${MAX_FUTURE_SKEW_MS / 1000} s are allowed`
      );
    }
    const status = event.status ?? HeartbeatStatus.HEALTHY;
    const message = v.optionalText('message', event.message, SHORT_TEXT_BYTES);
    const version = v.optionalName('version', event.version, 128);
    return inTransaction(this.dataSource, async (manager) => {
      const stored = await this.existing(manager, serviceId);
      if (stored.retiredAt)
        throw new InputError(
          'serviceId',
          `service "${serviceId}" is retired; register it again before sending heartbeats`
        );
      const heartbeat = manager.create(ServiceHeartbeat, { serviceRecordId: stored.id, at, status, message });
      await manager.insert(ServiceHeartbeat, heartbeat);
      // A heartbeat older than the last one (sent late, or out of order) is counted but changes no state.
      if (!stored.lastHeartbeatAt || at.getTime() > stored.lastHeartbeatAt.getTime()) {
        const changes = silentChanges(stored, at.getTime());
        const before = heartbeatStateAt(stored, at.getTime()) ?? ServiceState.UNKNOWN;
        const after = stateOfStatus(status);
        if (after !== before)
          changes.push({
            at,
            state: after,
            previousState: before,
            reason: message ?? (before === ServiceState.UNKNOWN ? 'first heartbeat' : 'heartbeat'),
          });
        await this.insertChanges(manager, stored.id, StateSource.HEARTBEAT, changes);
        const latest: Partial<Service> = {
          lastHeartbeatAt: at,
          lastHeartbeatStatus: status,
          lastHeartbeatMessage: message,
        };
        if (version) latest.version = version;
        await manager.update(Service, { id: stored.id }, latest);
        Object.assign(stored, latest);
      }
      await this.writeRollups(manager, ServiceHeartbeat.name, heartbeat);
      return stored;
    });
  }

  /** Stores a probe's result, and the state change when it differs from the last probe's. */
  async recordProbe(serviceRecordId: number, result: ProbeResult): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      const stored = await this.locked(manager, { id: serviceRecordId });
      if (!stored) return;
      const probe = manager.create(HealthProbe, { serviceRecordId, ...result });
      await manager.insert(HealthProbe, probe);
      if (stored.lastProbeUp !== result.up) {
        const previousState =
          stored.lastProbeUp === null ? ServiceState.UNKNOWN : stored.lastProbeUp ? ServiceState.UP : ServiceState.DOWN;
        const reason = result.error ?? `HTTP ${result.statusCode} in ${result.responseMs} ms`;
        await this.insertChanges(manager, serviceRecordId, StateSource.PROBE, [
          { at: result.at, state: result.up ? ServiceState.UP : ServiceState.DOWN, previousState, reason },
        ]);
      }
      await manager.update(
        Service,
        { id: serviceRecordId },
        {
          lastProbeAt: result.at,
          lastProbeUp: result.up,
          lastProbeStatusCode: result.statusCode,
          lastProbeResponseMs: result.responseMs,
          lastProbeError: result.error,
        }
      );
      await this.writeRollups(manager, HealthProbe.name, probe);
    });
  }

  /** The service row, locked until commit where the database can (MySQL): its heartbeats and probes queue up. */
  private locked(manager: EntityManager, where: FindOptionsWhere<Service>): Promise<Service | null> {
    return manager.findOne(Service, {
      where,
      lock: isMysql(this.dataSource) ? { mode: 'pessimistic_write' } : undefined,
    });
  }

  private async existing(manager: EntityManager, serviceId: string): Promise<Service> {
    const stored = await this.locked(manager, { serviceId });
    if (!stored) throw notFound('serviceId', `no service "${serviceId}"; register it first`);
    return stored;
  }

  private async insertChanges(
    manager: EntityManager,
    serviceRecordId: number,
    source: StateSource,
    changes: DerivedChange[]
  ): Promise<void> {
    if (changes.length === 0) return;
    await manager.insert(
      ServiceStateChange,
      changes.map((change) => ({
        serviceRecordId,
        source,
        ...change,
        reason: change.reason.slice(0, SHORT_TEXT_BYTES),
      }))
    );
  }

  private async writeRollups(
    manager: EntityManager,
    entity: string,
    record: ServiceHeartbeat | HealthProbe
  ): Promise<void> {
    const deltas = new RollupDeltas(minuteFloor(this.minuteRollupDays, this.clock()));
    deltas.addChange({ entity, before: null, after: record });
    await writeRollups(manager, dialectOf(this.dataSource), deltas);
  }
}
