import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

const EXECUTION_SECONDS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
const RUN_SECONDS = [1, 5, 15, 30, 60, 120, 300, 900, 1800, 3600, 7200, 21600];
// 2 s is a bucket bound so that "p95 above 2 s" is read exactly, not interpolated.
const REQUEST_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10];

/**
 * Every Prometheus metric of one API process, on a registry of its own (tests run several APIs
 * in one process). Counters count what this process saw; sum them over replicas. Gauges of the
 * database's state are the same on every replica; take their max.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly agentExecutions = this.counter(
    'agentmon_agent_executions_total',
    'Agent executions that reached a final status.',
    ['agent', 'status', 'model', 'provider']
  );
  readonly agentExecutionSeconds = this.histogram(
    'agentmon_agent_execution_duration_seconds',
    'Duration of finished agent executions.',
    ['agent', 'status'],
    EXECUTION_SECONDS
  );
  readonly agentTokens = this.counter(
    'agentmon_agent_tokens_total',
    'Tokens used by agent executions, by type (input, output).',
    ['agent', 'model', 'provider', 'type']
  );
  readonly agentCostUsd = this.counter('agentmon_agent_cost_usd_total', 'Cost of agent executions in US dollars.', [
    'agent',
    'model',
    'provider',
  ]);
  readonly toolExecutions = this.counter(
    'agentmon_tool_executions_total',
    'Tool executions that reached a final status.',
    ['tool', 'status']
  );
  readonly toolExecutionSeconds = this.histogram(
    'agentmon_tool_execution_duration_seconds',
    'Duration of finished tool executions.',
    ['tool', 'status'],
    EXECUTION_SECONDS
  );
  readonly workflowRuns = this.counter('agentmon_workflow_runs_total', 'Workflow runs that reached a final status.', [
    'workflow',
    'status',
  ]);
  readonly workflowRunSeconds = this.histogram(
    'agentmon_workflow_run_duration_seconds',
    'Duration of finished workflow runs.',
    ['workflow', 'status'],
    RUN_SECONDS
  );
  readonly logins = this.counter('agentmon_logins_total', 'Login sessions started.', []);
  readonly plans = this.counter('agentmon_plans_total', 'Plans that entered each status.', ['status']);
  readonly approvals = this.counter(
    'agentmon_approvals_total',
    'Approvals decided, by decision (approved, rejected, expired).',
    ['decision']
  );

  readonly graphqlOperations = this.counter(
    'agentmon_graphql_operations_total',
    'GraphQL operations, by outcome (success, client_error, server_error).',
    ['operation', 'type', 'outcome']
  );
  readonly graphqlSeconds = this.histogram(
    'agentmon_graphql_operation_duration_seconds',
    'GraphQL operation latency.',
    ['operation', 'type'],
    REQUEST_SECONDS
  );
  readonly httpRequests = this.counter('agentmon_http_requests_total', 'HTTP requests, by route and status code.', [
    'method',
    'route',
    'code',
  ]);
  readonly httpSeconds = this.histogram(
    'agentmon_http_request_duration_seconds',
    'HTTP request latency.',
    ['method', 'route'],
    REQUEST_SECONDS
  );

  readonly rateLimitStoreUp = this.gauge(
    'agentmon_rate_limit_store_up',
    '0 while the Redis that shares rate limits cannot be reached (each replica then limits on its own).',
    []
  );
  readonly rateLimitStoreFailures = this.counter(
    'agentmon_rate_limit_store_failures_total',
    'Rate-limit checks that fell back to this replica because Redis did not answer.',
    []
  );

  readonly databaseConnected = this.gauge(
    'agentmon_database_connected',
    '1 once the API has connected to and migrated its database.',
    []
  );

  readonly activeSessions = this.gauge(
    'agentmon_active_sessions',
    'Login sessions not ended and seen within the idle timeout.',
    []
  );
  readonly workflowRunsInProgress = this.gauge(
    'agentmon_workflow_runs_in_progress',
    'Workflow runs not finished, by status.',
    ['status']
  );
  readonly pendingApprovals = this.gauge('agentmon_pending_approvals', 'Approvals waiting for a decision.', []);
  readonly oldestPendingApprovalSeconds = this.gauge(
    'agentmon_oldest_pending_approval_age_seconds',
    'How long the oldest pending approval has waited (0 when none).',
    []
  );

  // The fleet, from the registry: one series per service (the first SERVICE_SERIES_LIMIT by id), and totals by state.
  readonly serviceUp = this.gauge(
    'agentmon_service_up',
    '1 while a registered service is up or degraded, 0 while missing or down; services without heartbeat or probe yet, and retired ones, are left out.',
    ['service', 'type']
  );
  readonly serviceHeartbeatAgeSeconds = this.gauge(
    'agentmon_service_heartbeat_age_seconds',
    "Seconds since the service's last heartbeat (services that sent one).",
    ['service']
  );
  readonly serviceHeartbeatIntervalSeconds = this.gauge(
    'agentmon_service_heartbeat_interval_seconds',
    'The heartbeat interval the service registered: it is missing after one without a heartbeat, down after three.',
    ['service']
  );
  readonly services = this.gauge(
    'agentmon_services',
    'Registered services that are not retired, by state (up, degraded, missing, down, unknown).',
    ['state']
  );

  // Alert thresholds from the API's configuration: Grafana does not expand environment variables
  // inside provisioned alert queries, so rules compare against these instead.
  readonly dailyCostBudgetUsd = this.gauge(
    'agentmon_daily_cost_budget_usd',
    'Configured daily cost budget (ALERT_DAILY_COST_BUDGET_USD).',
    []
  );
  readonly approvalWaitLimitSeconds = this.gauge(
    'agentmon_approval_wait_limit_seconds',
    'Configured longest acceptable approval wait (ALERT_APPROVAL_WAIT_MINUTES).',
    []
  );

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    // Gauges named like counters, which promtool rejects; nodejs_active_{handles,requests,resources}
    // (by type) carry the same numbers.
    for (const name of [
      'nodejs_active_handles_total',
      'nodejs_active_requests_total',
      'nodejs_active_resources_total',
    ]) {
      this.registry.removeSingleMetric(name);
    }
  }

  /** Database pool gauges, only for a database that has a pool (MySQL). */
  poolGauges() {
    return {
      connections: this.gauge('agentmon_db_pool_connections', 'Database pool connections, by state (idle, in_use).', [
        'state',
      ]),
      max: this.gauge('agentmon_db_pool_max_connections', 'Most connections the database pool opens.', []),
      waiting: this.gauge('agentmon_db_pool_waiting_requests', 'Queries waiting for a free pool connection.', []),
    };
  }

  private counter<L extends string>(name: string, help: string, labelNames: L[]): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  private gauge<L extends string>(name: string, help: string, labelNames: L[]): Gauge<L> {
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }

  private histogram<L extends string>(name: string, help: string, labelNames: L[], buckets: number[]): Histogram<L> {
    return new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
  }
}
