/**
 * Each page's statistics as the Grafana app asks for them: one GraphQL request per page with every
 * figure it shows (today / 7 days / all-time counts, in-range summaries with percentiles, the
 * series, and the per-entity tables).
 */
const SUMMARY = 'count success failure successRate avgDurationMs p50DurationMs p95DurationMs p99DurationMs';

export const PAGE_QUERIES: Record<string, string> = {
  overview: `query($range: TimeRangeInput) {
    overview(range: $range) {
      logins { today last7Days allTime } activeSessions workflowRuns { today last7Days allTime } runningWorkflows
      agentExecutions { today last7Days allTime } agentSuccessRate toolExecutions { today last7Days allTime } toolSuccessRate
      pendingApprovals decidedApprovals plans { today last7Days allTime } plansPendingApproval
    } }`,
  users: `query($range: TimeRangeInput, $interval: String!) {
    userStats(range: $range, interval: $interval) {
      logins { today last7Days allTime } activeSessions series { times series { key values } }
      users { userId name logins activeSessions workflowsCreated runsTriggered agentExecutions totalTokens costUsd lastSeenAt }
      topUsersByCost { userId costUsd }
    } }`,
  tools: `query($range: TimeRangeInput, $interval: String!) {
    toolStats(range: $range, interval: $interval) {
      executions { today last7Days allTime } summary { ${SUMMARY} } series { times series { key values } }
      tools { key summary { count successRate avgDurationMs p95DurationMs } lastError { at type message } }
    } }`,
  agents: `query($range: TimeRangeInput, $interval: String!) {
    agentStats(range: $range, interval: $interval) {
      executions { today last7Days allTime } summary { ${SUMMARY} inputTokens outputTokens costUsd } series { times series { key values } }
      agents { key summary { count successRate avgDurationMs p95DurationMs totalTokens costUsd } lastError { at type message } }
      byModel { key summary { count inputTokens outputTokens costUsd } } byProvider { key summary { count costUsd } }
      dailyUsage { times series { key values } }
    } }`,
  dags: `query($range: TimeRangeInput, $interval: String!) {
    dagStats(range: $range, interval: $interval) {
      runs { today last7Days allTime } summary { ${SUMMARY} } runningNow waitingApprovalNow series { times series { key values } }
      workflows { key label lastRunStatus lastRunAt summary { count successRate avgDurationMs p95DurationMs } taskStatuses { status count } }
    } }`,
  planner: `query($range: TimeRangeInput, $interval: String!) {
    plannerStats(range: $range, interval: $interval) {
      plans { today last7Days allTime } conversations { today last7Days allTime } approvalRate plansPendingApproval avgTimeToDecisionMs
      series { times series { key values } } statusDistribution { status count } topUsers { key value }
    } }`,
};
