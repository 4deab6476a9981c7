import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, useStyles2 } from '@grafana/ui';

/** What a new user does to see data: send one event to the API's ingest mutation. */
export function FirstEventGuide({ apiUrl }: { apiUrl?: string }) {
  const styles = useStyles2(getStyles);
  const url = `${apiUrl || 'http://localhost:4000'}/graphql`;
  const example = `curl -s ${url} \\
  -H "Authorization: Bearer $AGENTMON_TOKEN" -H 'Content-Type: application/json' \\
  -d '{"query":"mutation($e: [EventInput!]!) { ingest(events: $e) { accepted rejected } }",
       "variables":{"e":[{"agentExecution":{"requestId":"req-1","agent":"researcher","status":"SUCCESS",
         "startedAt":"${new Date().toISOString()}","userId":"u-1","requestModel":"gpt-4o","costUsd":"0.01"}}]}}'`;
  return (
    <Alert severity="info" title="No events yet">
      <p>
        Agentmon shows what your agent platform reports to the Agentmon API: logins, agent and tool executions, workflow
        runs, approvals and plans. Send the first event with the API token (the one this data source uses) and refresh:
      </p>
      <pre className={styles.code}>{example}</pre>
      <p>
        Every kind of activity has its own mutation (<code>recordLogin</code>, <code>recordAgentExecution</code>,{' '}
        <code>recordWorkflowRun</code>, …), and <code>ingest</code> takes many events of any kind in one request.
      </p>
    </Alert>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  code: css({
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
    fontSize: theme.typography.bodySmall.fontSize,
    margin: theme.spacing(1, 0),
  }),
});
