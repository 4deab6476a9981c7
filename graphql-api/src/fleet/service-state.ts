import { HeartbeatStatus, ServiceState } from './fleet-states';
import { Service } from './service.entity';

/** A service that sent no heartbeat for this many of its intervals is DOWN (after one, MISSING). */
export const DOWN_AFTER_INTERVALS = 3;

const SEVERITY = [ServiceState.UP, ServiceState.DEGRADED, ServiceState.MISSING, ServiceState.DOWN];

type HeartbeatFacts = Pick<Service, 'lastHeartbeatAt' | 'lastHeartbeatStatus' | 'heartbeatIntervalSeconds'>;

/** What a heartbeat's status makes the service. */
export function stateOfStatus(status: HeartbeatStatus): ServiceState {
  return status === HeartbeatStatus.DEGRADED ? ServiceState.DEGRADED : ServiceState.UP;
}

/** The state the heartbeats give at time `at` (ms); null before the first heartbeat. */
export function heartbeatStateAt(service: HeartbeatFacts, at: number): ServiceState | null {
  if (!service.lastHeartbeatAt || !service.lastHeartbeatStatus) return null;
  const age = at - service.lastHeartbeatAt.getTime();
  const interval = service.heartbeatIntervalSeconds * 1000;
  if (age <= interval) return stateOfStatus(service.lastHeartbeatStatus);
  return age <= DOWN_AFTER_INTERVALS * interval ? ServiceState.MISSING : ServiceState.DOWN;
}

/** The state the last probe gives; null before the first probe. */
export function probeState(service: Pick<Service, 'lastProbeUp'>): ServiceState | null {
  return service.lastProbeUp === null || service.lastProbeUp === undefined
    ? null
    : service.lastProbeUp
      ? ServiceState.UP
      : ServiceState.DOWN;
}

/** The service's state at `at` (ms): the worse of what heartbeats and probes say. */
export function serviceStateAt(service: Service, at: number): ServiceState {
  if (service.retiredAt) return ServiceState.RETIRED;
  const states = [heartbeatStateAt(service, at), probeState(service)].filter(
    (state): state is ServiceState => state !== null
  );
  if (states.length === 0) return ServiceState.UNKNOWN;
  return states.reduce((worst, state) => (SEVERITY.indexOf(state) > SEVERITY.indexOf(worst) ? state : worst));
}

export interface DerivedChange {
  at: Date;
  state: ServiceState;
  previousState: ServiceState;
  reason: string;
}

/**
 * The changes the passing of time made to the heartbeat state after the last heartbeat, up to
 * `until` (ms): MISSING one interval after it, DOWN three intervals after it.
 */
export function silentChanges(service: HeartbeatFacts, until: number): DerivedChange[] {
  const before = heartbeatStateAt(service, service.lastHeartbeatAt?.getTime() ?? 0);
  if (!before || !service.lastHeartbeatAt) return [];
  const last = service.lastHeartbeatAt.getTime();
  const interval = service.heartbeatIntervalSeconds * 1000;
  const changes: DerivedChange[] = [];
  const seconds = service.heartbeatIntervalSeconds;
  // The state changes just after the boundary (age > interval), at the next millisecond.
  if (until > last + interval) {
    changes.push({
      at: new Date(last + interval + 1),
      state: ServiceState.MISSING,
      previousState: before,
      reason: `no heartbeat for more than ${seconds} s`,
    });
  }
  if (until > last + DOWN_AFTER_INTERVALS * interval) {
    changes.push({
      at: new Date(last + DOWN_AFTER_INTERVALS * interval + 1),
      state: ServiceState.DOWN,
      previousState: ServiceState.MISSING,
      reason: `no heartbeat for more than ${DOWN_AFTER_INTERVALS * seconds} s`,
    });
  }
  return changes;
}
