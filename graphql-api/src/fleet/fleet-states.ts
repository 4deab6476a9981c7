import { registerEnumType } from 'type-graphql';

export enum ServiceType {
  AGENT_SERVICE = 'agent_service',
  TOOL_SERVER = 'tool_server',
  MCP_SERVER = 'mcp_server',
  WORKER = 'worker',
  OTHER = 'other',
}
registerEnumType(ServiceType, { name: 'ServiceType', description: 'What kind of service of the platform this is.' });

/** What a heartbeat says of the service that sent it. */
export enum HeartbeatStatus {
  HEALTHY = 'healthy',
  DEGRADED = 'degraded',
}
registerEnumType(HeartbeatStatus, { name: 'HeartbeatStatus', description: 'How a service says it is: HEALTHY when it says nothing.' });

/**
 * A service's state, derived when read from its last heartbeat and last probe and the time
 * (nothing has to run for a silent service to become MISSING, then DOWN).
 */
export enum ServiceState {
  UP = 'up',
  DEGRADED = 'degraded',
  MISSING = 'missing',
  DOWN = 'down',
  /** Registered, but no heartbeat or probe yet. */
  UNKNOWN = 'unknown',
  RETIRED = 'retired',
}
registerEnumType(ServiceState, {
  name: 'ServiceState',
  description:
    'UP/DEGRADED: the last heartbeat is within the expected interval (and says so) and the last probe answered 2xx; ' +
    'MISSING: no heartbeat for longer than the interval; DOWN: none for longer than 3 intervals, or the last probe failed; ' +
    'UNKNOWN: no heartbeat or probe yet; RETIRED: retired.',
});

/** What a state change was observed from. */
export enum StateSource {
  HEARTBEAT = 'heartbeat',
  PROBE = 'probe',
  REGISTRY = 'registry',
}
registerEnumType(StateSource, { name: 'StateSource', description: 'HEARTBEAT: heartbeats (or their absence); PROBE: health checks; REGISTRY: retired or registered again.' });
