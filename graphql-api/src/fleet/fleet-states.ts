import { registerEnumType } from 'type-graphql';

export enum ServiceType {
  AGENT_SERVICE = 'agent_service',
  TOOL_SERVER = 'tool_server',
  MCP_SERVER = 'mcp_server',
  WORKER = 'worker',
  OTHER = 'other',
}
registerEnumType(ServiceType, {
  name: 'ServiceType',
  description:
    'What kind of service of the platform this is (as registered; it changes nothing in how the service is monitored).',
  valuesConfig: {
    AGENT_SERVICE: { description: 'A service that runs agents.' },
    TOOL_SERVER: { description: 'A server of tools that agents call.' },
    MCP_SERVER: { description: 'A Model Context Protocol server.' },
    WORKER: { description: 'A background worker (queues, schedules, workflow tasks).' },
    OTHER: { description: 'Any other kind of service.' },
  },
});

/** What a heartbeat says of the service that sent it. */
export enum HeartbeatStatus {
  HEALTHY = 'healthy',
  DEGRADED = 'degraded',
}
registerEnumType(HeartbeatStatus, {
  name: 'HeartbeatStatus',
  description: 'How a service says it is: HEALTHY when it says nothing.',
  valuesConfig: {
    HEALTHY: { description: 'Working normally: the heartbeat makes the service UP.' },
    DEGRADED: { description: 'Alive but impaired (say why in the message): the heartbeat makes the service DEGRADED.' },
  },
});

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
    "A service's state, derived when read from the time, its last heartbeat and its last probe: the worse (UP < DEGRADED < MISSING < DOWN) " +
    'of what the heartbeats say and what the last probe says, each counted once there is one. Nothing has to happen for a silent service ' +
    'to become MISSING, then DOWN: the same service read later can be in a worse state.',
  valuesConfig: {
    UP: {
      description:
        'The last heartbeat (if any) is at most one heartbeat interval old and HEALTHY, and the last probe (if any) got a 2xx answer.',
    },
    DEGRADED: {
      description:
        'The last heartbeat is at most one heartbeat interval old and says DEGRADED; the last probe (if any) got a 2xx answer.',
    },
    MISSING: {
      description:
        'No heartbeat for more than one heartbeat interval, but not more than three; the last probe (if any) got a 2xx answer.',
    },
    DOWN: {
      description:
        'No heartbeat for more than three heartbeat intervals, or the last probe failed (no 2xx answer within the timeout).',
    },
    UNKNOWN: { description: 'Registered, but no heartbeat or probe yet.' },
    RETIRED: {
      description:
        'Retired with retireService (whatever its heartbeats and probes): no longer probed, expected or listed by default.',
    },
  },
});

/** What a state change was observed from. */
export enum StateSource {
  HEARTBEAT = 'heartbeat',
  PROBE = 'probe',
  REGISTRY = 'registry',
}
registerEnumType(StateSource, {
  name: 'StateSource',
  description: 'What a state change was observed from.',
  valuesConfig: {
    HEARTBEAT: {
      description:
        'Heartbeats, or their absence: a heartbeat with another status, or the time passing without one (MISSING, then DOWN).',
    },
    PROBE: { description: "A health probe whose result (up or not) differs from the previous probe's." },
    REGISTRY: {
      description: 'The registry: the service was retired (RETIRED) or registered again after retirement (UNKNOWN).',
    },
  },
});
