import http from 'node:http';
import { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { AgentmonClient } from './client';

/** The platform's services as the demo shows them on the Fleet page. */
const SERVICES = [
  { serviceId: 'planner-service', name: 'Planner service', type: 'AGENT_SERVICE', version: '2.3.0' },
  { serviceId: 'agent-runtime', name: 'Agent runtime', type: 'AGENT_SERVICE', version: '1.18.2' },
  { serviceId: 'tool-gateway', name: 'Tool gateway', type: 'TOOL_SERVER', version: '0.9.4' },
  { serviceId: 'mcp-filesystem', name: 'MCP filesystem', type: 'MCP_SERVER', version: '1.0.1' },
  { serviceId: 'mcp-github', name: 'MCP GitHub', type: 'MCP_SERVER', version: '1.2.0' },
  { serviceId: 'dag-worker-1', name: 'DAG worker 1', type: 'WORKER', version: '3.1.0' },
  { serviceId: 'dag-worker-2', name: 'DAG worker 2', type: 'WORKER', version: '3.1.0' },
] as const;

/** What a service does in one phase of the demo's cycle. */
type Condition = 'healthy' | 'degraded' | 'silent';

export interface FleetOptions {
  /** The seconds between heartbeats each service promises (and the probe interval). */
  intervalSeconds: number;
  /** Length of one phase: every few phases one service degrades and another goes silent, then both come back. */
  phaseSeconds: number;
}

export const DEFAULT_FLEET: FleetOptions = { intervalSeconds: 10, phaseSeconds: 120 };

/**
 * Which condition a service is in during a phase: most phases everyone is healthy; in every
 * third, one service degrades (slow health answers, DEGRADED heartbeats) and, in every fourth,
 * another goes silent (no heartbeats, health endpoint failing), then they come back.
 */
export function conditionOf(serviceIndex: number, phase: number): Condition {
  const count = SERVICES.length;
  if (phase % 4 === 3 && serviceIndex === Math.floor(phase / 4) % count) return 'silent';
  if (phase % 3 === 2 && serviceIndex === (Math.floor(phase / 3) + 2) % count) return 'degraded';
  return 'healthy';
}

/**
 * Registers the services with their health endpoints (served here, on loopback, which the API
 * probes by default), then sends their heartbeats until stopped, some of them degrading, going
 * silent and coming back.
 */
export async function runFleet(
  client: AgentmonClient,
  options: FleetOptions,
  log: (line: string) => void,
  signal?: AbortSignal
): Promise<void> {
  const started = Date.now();
  const phase = () => Math.floor((Date.now() - started) / (options.phaseSeconds * 1000));
  const server = http.createServer((request, response) => {
    const index = SERVICES.findIndex((service) => request.url === `/health/${service.serviceId}`);
    const condition = index < 0 ? null : conditionOf(index, phase());
    if (condition === null || condition === 'silent') {
      response.statusCode = condition === null ? 404 : 503;
      return response.end();
    }
    // A degraded service answers, slowly.
    const delay = condition === 'degraded' ? 800 + Math.random() * 1200 : 5 + Math.random() * 40;
    setTimeout(() => response.end('{"status":"ok"}'), delay);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    for (const service of SERVICES) {
      await client.query('mutation($s: ServiceRegistrationInput!) { registerService(service: $s) { id } }', {
        s: {
          ...service,
          url: `${base}/`,
          healthEndpoint: `${base}/health/${service.serviceId}`,
          heartbeatIntervalSeconds: options.intervalSeconds,
          probeIntervalSeconds: options.intervalSeconds,
          labels: [{ key: 'env', value: 'demo' }],
        },
      });
    }
    log(`fleet: ${SERVICES.length} services registered, heartbeats every ${options.intervalSeconds} s`);
    while (!signal?.aborted) {
      const now = phase();
      await Promise.all(
        SERVICES.map(async (service, index) => {
          const condition = conditionOf(index, now);
          if (condition === 'silent') return;
          await client.query('mutation($e: HeartbeatEventInput!) { recordHeartbeat(event: $e) { id } }', {
            e: {
              serviceId: service.serviceId,
              status: condition === 'degraded' ? 'DEGRADED' : 'HEALTHY',
              message: condition === 'degraded' ? 'queue backlog above 500 tasks' : null,
            },
          });
        })
      );
      await sleep(options.intervalSeconds * 1000, undefined, { signal }).catch(() => undefined);
    }
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
