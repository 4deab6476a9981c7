/** A DAG step: an agent, a tool, or a person's approval (neither). */
export interface NodeTemplate {
  key: string;
  label: string;
  agent?: string;
  tool?: string;
}

export interface WorkflowTemplate {
  key: string;
  name: string;
  /** In an order where every node comes after the nodes it depends on. */
  nodes: readonly NodeTemplate[];
  edges: readonly (readonly [string, string])[];
  /** Runs started by hand or by the schedule wait for a reviewer before they start. */
  runApproval?: boolean;
  /** Started by the platform's scheduler this often, besides by people. */
  everyMinutes?: number;
  /** Titles of plans that use it; {customer}, {region}, {quarter} and {ticket} are filled in. */
  planTitles: readonly string[];
}

const approval = (key: string, label: string): NodeTemplate => ({ key, label });

// Ordered by how common they are: a world with N workflows takes the first N.
export const WORKFLOWS: readonly WorkflowTemplate[] = [
  {
    key: 'research-report',
    name: 'Research report',
    nodes: [
      { key: 'web-research', label: 'Research the web', agent: 'researcher' },
      { key: 'internal-search', label: 'Search internal docs', tool: 'vector_search' },
      { key: 'synthesize', label: 'Synthesize findings', agent: 'data-analyst' },
      { key: 'draft-report', label: 'Draft the report', agent: 'report-writer' },
      { key: 'publish', label: 'Post to Slack', tool: 'slack_post' },
    ],
    edges: [
      ['web-research', 'synthesize'],
      ['internal-search', 'synthesize'],
      ['synthesize', 'draft-report'],
      ['draft-report', 'publish'],
    ],
    planTitles: [
      'Competitive landscape report for {customer}',
      'Market scan: {region}, {quarter}',
      'Research brief on {customer} pricing changes',
    ],
  },
  {
    key: 'support-triage',
    name: 'Support ticket triage',
    nodes: [
      { key: 'classify', label: 'Classify the ticket', agent: 'classifier' },
      { key: 'lookup-account', label: 'Look up the account', tool: 'crm_lookup' },
      { key: 'find-answers', label: 'Find known answers', agent: 'support-triage' },
      { key: 'draft-reply', label: 'Draft the reply', agent: 'support-responder' },
      approval('approve-reply', 'Agent lead approves the reply'),
      { key: 'send-reply', label: 'Send the reply', tool: 'send_email' },
    ],
    edges: [
      ['classify', 'lookup-account'],
      ['classify', 'find-answers'],
      ['lookup-account', 'draft-reply'],
      ['find-answers', 'draft-reply'],
      ['draft-reply', 'approve-reply'],
      ['approve-reply', 'send-reply'],
    ],
    planTitles: ['Answer escalated ticket {ticket}', 'Work through the {region} support backlog'],
  },
  {
    key: 'sales-digest',
    name: 'Sales digest',
    everyMinutes: 240,
    nodes: [
      { key: 'query-sales', label: 'Query sales data', agent: 'sql-generator' },
      { key: 'analyze', label: 'Analyze the trends', agent: 'data-analyst' },
      { key: 'summarize', label: 'Summarize', agent: 'summarizer' },
      { key: 'post', label: 'Post to #sales', tool: 'slack_post' },
    ],
    edges: [
      ['query-sales', 'analyze'],
      ['analyze', 'summarize'],
      ['summarize', 'post'],
    ],
    planTitles: ['Sales digest for {region}, {quarter}', 'Pipeline summary for {customer}'],
  },
  {
    key: 'invoice-processing',
    name: 'Invoice processing',
    everyMinutes: 60,
    nodes: [
      { key: 'fetch', label: 'Fetch new invoices', tool: 's3_get_object' },
      { key: 'extract', label: 'Extract line items', agent: 'invoice-extractor' },
      { key: 'check', label: 'Check against the PO', agent: 'compliance-checker' },
      approval('approve-payment', 'Finance approves the payment'),
      { key: 'post', label: 'Post to the ERP', tool: 'erp_post_invoice' },
    ],
    edges: [
      ['fetch', 'extract'],
      ['extract', 'check'],
      ['check', 'approve-payment'],
      ['approve-payment', 'post'],
    ],
    planTitles: ['Process the {customer} invoices for {quarter}'],
  },
  {
    key: 'pr-review',
    name: 'Pull request review',
    nodes: [
      { key: 'fetch-diff', label: 'Fetch the diff', tool: 'github_api' },
      { key: 'review', label: 'Review the change', agent: 'code-reviewer' },
      { key: 'run-checks', label: 'Run the checks', tool: 'python_exec' },
      { key: 'comment', label: 'Comment on the PR', tool: 'github_api' },
    ],
    edges: [
      ['fetch-diff', 'review'],
      ['fetch-diff', 'run-checks'],
      ['review', 'comment'],
      ['run-checks', 'comment'],
    ],
    planTitles: ['Review the open billing-service pull requests', 'Review the {customer} integration PR'],
  },
  {
    key: 'incident-postmortem',
    name: 'Incident postmortem',
    runApproval: true,
    nodes: [
      { key: 'gather-logs', label: 'Gather logs', tool: 'log_search' },
      { key: 'gather-metrics', label: 'Gather metrics', tool: 'metrics_query' },
      { key: 'timeline', label: 'Build the timeline', agent: 'incident-analyst' },
      { key: 'draft', label: 'Draft the postmortem', agent: 'report-writer' },
      { key: 'file-actions', label: 'File action items', tool: 'jira_create_issue' },
    ],
    edges: [
      ['gather-logs', 'timeline'],
      ['gather-metrics', 'timeline'],
      ['timeline', 'draft'],
      ['draft', 'file-actions'],
    ],
    planTitles: ['Postmortem for incident {ticket}', 'Postmortem: {region} checkout outage'],
  },
  {
    key: 'lead-enrichment',
    name: 'Lead enrichment',
    everyMinutes: 120,
    nodes: [
      { key: 'fetch-leads', label: 'Fetch new leads', tool: 'crm_lookup' },
      { key: 'research', label: 'Research the companies', agent: 'lead-enricher' },
      { key: 'score', label: 'Score the leads', agent: 'classifier' },
      { key: 'update-crm', label: 'Update the CRM', tool: 'crm_update' },
    ],
    edges: [
      ['fetch-leads', 'research'],
      ['research', 'score'],
      ['score', 'update-crm'],
    ],
    planTitles: ['Enrich the {region} webinar leads'],
  },
  {
    key: 'contract-review',
    name: 'Contract review',
    runApproval: true,
    nodes: [
      { key: 'extract', label: 'Extract the contract', tool: 'pdf_extract' },
      { key: 'review', label: 'Review the clauses', agent: 'compliance-checker' },
      { key: 'summarize', label: 'Summarize the risks', agent: 'summarizer' },
      { key: 'notify', label: 'Email legal', tool: 'send_email' },
    ],
    edges: [
      ['extract', 'review'],
      ['review', 'summarize'],
      ['summarize', 'notify'],
    ],
    planTitles: ['Review the {customer} MSA redlines', 'Check the {customer} DPA'],
  },
  {
    key: 'release-localization',
    name: 'Release notes localization',
    nodes: [
      { key: 'draft', label: 'Draft the notes', agent: 'report-writer' },
      { key: 'translate', label: 'Translate', agent: 'translator' },
      { key: 'publish', label: 'Publish', tool: 'slack_post' },
    ],
    edges: [
      ['draft', 'translate'],
      ['translate', 'publish'],
    ],
    planTitles: ['Localize the {quarter} release notes'],
  },
  {
    key: 'account-briefing',
    name: 'Account briefing',
    nodes: [
      { key: 'research', label: 'Research the account', agent: 'researcher' },
      { key: 'crm', label: 'Pull CRM history', tool: 'crm_lookup' },
      { key: 'brief', label: 'Write the briefing', agent: 'report-writer' },
      { key: 'email', label: 'Email the account team', agent: 'email-drafter' },
    ],
    edges: [
      ['research', 'brief'],
      ['crm', 'brief'],
      ['brief', 'email'],
    ],
    planTitles: ['Briefing for the {customer} renewal call', 'Account plan for {customer}, {quarter}'],
  },
];
