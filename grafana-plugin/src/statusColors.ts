/**
 * One colour per status, wherever a status is drawn (series, slices, bars, table cells, run graph
 * nodes), so a colour means the same on every page and dashboard: success green, failure red,
 * timeout orange, running blue, waiting yellow, cancelled or rejected grey, not started light grey.
 * Keys are the API's enum names (executions, runs, tasks, plans, approvals, the fleet's service
 * states and heartbeats); values are Grafana palette names or CSS colours, as `fixedColor` takes them.
 */
const SUCCESS = 'green';
const FAILURE = 'red';
const TIMEOUT = 'orange';
const RUNNING = 'blue';
const WAITING = 'yellow';
const STOPPED = '#8e8e8e';
const NOT_STARTED = '#ccccdc';

export const STATUS_COLORS: Readonly<Record<string, string>> = {
  SUCCESS,
  COMPLETED: SUCCESS,
  APPROVED: SUCCESS,
  FAILURE,
  FAILED: FAILURE,
  TIMEOUT,
  RUNNING,
  EXECUTING: RUNNING,
  QUEUED: WAITING,
  WAITING_APPROVAL: WAITING,
  PENDING_APPROVAL: WAITING,
  PENDING: WAITING,
  CANCELLED: STOPPED,
  REJECTED: STOPPED,
  DRAFT: NOT_STARTED,
  NOT_STARTED,
  // The fleet: a late heartbeat is a timeout, a degraded service a warning like one waiting.
  UP: SUCCESS,
  HEALTHY: SUCCESS,
  DEGRADED: WAITING,
  MISSING: TIMEOUT,
  DOWN: FAILURE,
  UNKNOWN: NOT_STARTED,
  RETIRED: STOPPED,
};

/**
 * The same palette for the API's Prometheus series: their status labels carry the enum's value
 * (lower case, e.g. "waiting_approval"), and Grafana matches a series name exactly. A GraphQL
 * operation's outcome is a status too: a server error is a failure; a client error (a request the
 * API refused) is orange, like a timeout, a failure that is not the API's.
 */
export const METRIC_LABEL_COLORS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.entries(STATUS_COLORS).map(([status, color]) => [status.toLowerCase(), color])),
  server_error: FAILURE,
  client_error: TIMEOUT,
};

/**
 * Series, slices and bars that are not statuses (runs started and completed, plans and
 * conversations, one per agent, tool, model or service) are shades of purple, a hue no status has,
 * so that none reads as one: every chart's default colour, where Grafana picks a shade by the
 * series' place.
 */
export const SERIES_COLOR = { mode: 'shades', fixedColor: 'purple' } as const;

/**
 * The series the API names on the pages' own charts (their keys), in shades of purple far enough
 * apart to tell the series of one chart apart.
 */
export const NAMED_SERIES_COLORS: Readonly<Record<string, string>> = {
  started: 'super-light-purple',
  completed: 'dark-purple',
  plans: 'super-light-purple',
  conversations: 'dark-purple',
  logins: 'super-light-purple',
  activity: 'dark-purple',
  inputTokens: 'super-light-purple',
  outputTokens: 'dark-purple',
  costUsd: 'purple',
};

/** The states of a registered service (ServiceState), as the status grid and state timeline show them. */
export const SERVICE_STATES = ['UP', 'DEGRADED', 'MISSING', 'DOWN', 'UNKNOWN', 'RETIRED'];
