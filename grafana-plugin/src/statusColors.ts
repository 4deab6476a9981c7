/**
 * One colour per status, wherever a status is drawn (series, slices, bars, table cells, run graph
 * nodes), so a colour means the same on every page and dashboard: success green, failure red,
 * timeout orange, running blue, waiting yellow, cancelled or rejected grey, not started light grey.
 * Keys are the API's enum names (executions, runs, tasks, plans, approvals); values are Grafana
 * palette names or CSS colours, as `fixedColor` takes them.
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
};
