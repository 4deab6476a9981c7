/** One way a tool call fails. */
export interface ToolError {
  type: string;
  message: string;
  /** Transient (rate limits, outages): the agent tries again. */
  retryable: boolean;
}

export interface ToolProfile {
  name: string;
  /** Log-normal latency: the median and the spread (sigma of the log). */
  medianMs: number;
  sigma: number;
  /** The caller gives up after this long: the call ends as TIMEOUT. */
  timeoutMs: number;
  failureRate: number;
  /** How often a call hangs until the timeout (besides the latency's own long tail). */
  timeoutRate: number;
  errors: readonly ToolError[];
  /** Median size of what the call returns to the model, in tokens. */
  resultTokens: number;
}

const transient = (type: string, message: string): ToolError => ({ type, message, retryable: true });
const permanent = (type: string, message: string): ToolError => ({ type, message, retryable: false });

// Ordered by how widely agents use them: a world with N tools takes the first N.
export const TOOLS: readonly ToolProfile[] = [
  {
    name: 'web_search',
    medianMs: 850,
    sigma: 0.5,
    timeoutMs: 15_000,
    failureRate: 0.03,
    timeoutRate: 0.01,
    resultTokens: 1_400,
    errors: [
      transient(
        'RateLimitError',
        '429 Too Many Requests: search quota exceeded (100 requests per minute); retry after 2 s'
      ),
      transient('HTTPError', '503 Service Unavailable from search backend'),
    ],
  },
  {
    name: 'vector_search',
    medianMs: 120,
    sigma: 0.45,
    timeoutMs: 10_000,
    failureRate: 0.008,
    timeoutRate: 0.002,
    resultTokens: 2_200,
    errors: [transient('VectorStoreError', "index 'kb-prod' is unavailable (503): shard 2 is relocating")],
  },
  {
    name: 'sql_query',
    medianMs: 450,
    sigma: 1.1,
    timeoutMs: 60_000,
    failureRate: 0.05,
    timeoutRate: 0.01,
    resultTokens: 700,
    errors: [
      permanent('ProgrammingError', 'relation "sales_2024_q3" does not exist (SQLSTATE 42P01)'),
      permanent('ProgrammingError', 'column "region_code" does not exist (SQLSTATE 42703)'),
      permanent('PermissionError', 'permission denied for table payroll (SQLSTATE 42501)'),
      transient('OperationalError', 'canceling statement due to statement timeout (SQLSTATE 57014)'),
    ],
  },
  {
    name: 'python_exec',
    medianMs: 2_400,
    sigma: 0.8,
    timeoutMs: 120_000,
    failureRate: 0.08,
    timeoutRate: 0.015,
    resultTokens: 500,
    errors: [
      permanent('ToolExecutionError', "KeyError: 'revenue' (line 12 in cell 3)"),
      permanent('ToolExecutionError', "ModuleNotFoundError: No module named 'polars'"),
      permanent('ToolExecutionError', "ValueError: could not convert string to float: 'n/a'"),
      transient('SandboxError', 'sandbox exceeded its memory limit of 2048 MiB and was restarted'),
    ],
  },
  {
    name: 'http_fetch',
    medianMs: 1_100,
    sigma: 0.9,
    timeoutMs: 30_000,
    failureRate: 0.06,
    timeoutRate: 0.02,
    resultTokens: 3_500,
    errors: [
      permanent('HTTPError', '404 Not Found'),
      permanent('HTTPError', "403 Forbidden: request blocked by the site's bot protection"),
      permanent('SSLError', 'certificate verify failed: unable to get local issuer certificate'),
      transient('ConnectionError', 'connect ECONNREFUSED 104.18.32.7:443'),
      transient('HTTPError', '502 Bad Gateway'),
    ],
  },
  {
    name: 'crm_lookup',
    medianMs: 320,
    sigma: 0.5,
    timeoutMs: 10_000,
    failureRate: 0.025,
    timeoutRate: 0.004,
    resultTokens: 450,
    errors: [
      permanent('NotFoundError', 'no account matches the requested domain'),
      transient('CRMError', '401 Unauthorized: OAuth access token expired; refreshing'),
      transient('RateLimitError', '429 Too Many Requests: API request limit of 100 per 20 seconds exceeded'),
    ],
  },
  {
    name: 'send_email',
    medianMs: 700,
    sigma: 0.4,
    timeoutMs: 20_000,
    failureRate: 0.012,
    timeoutRate: 0.003,
    resultTokens: 40,
    errors: [
      permanent('SMTPError', '550 5.1.1 The email account that you tried to reach does not exist'),
      transient('SMTPError', '421 4.7.0 Try again later, closing connection'),
    ],
  },
  {
    name: 'slack_post',
    medianMs: 260,
    sigma: 0.4,
    timeoutMs: 10_000,
    failureRate: 0.01,
    timeoutRate: 0.002,
    resultTokens: 30,
    errors: [
      permanent('SlackAPIError', 'channel_not_found'),
      transient('SlackAPIError', 'ratelimited: retry after 3 s'),
    ],
  },
  {
    name: 'github_api',
    medianMs: 380,
    sigma: 0.5,
    timeoutMs: 15_000,
    failureRate: 0.02,
    timeoutRate: 0.004,
    resultTokens: 2_600,
    errors: [
      transient('GitHubAPIError', '403 API rate limit exceeded for installation ID 41127806'),
      permanent('GitHubAPIError', '404 Not Found: the pull request was closed or the branch deleted'),
      permanent('GitHubAPIError', '422 Unprocessable Entity: review comment position is outside the diff'),
    ],
  },
  {
    name: 'pdf_extract',
    medianMs: 3_400,
    sigma: 0.7,
    timeoutMs: 60_000,
    failureRate: 0.04,
    timeoutRate: 0.015,
    resultTokens: 5_000,
    errors: [
      permanent('PDFSyntaxError', 'EOF marker not found'),
      permanent('OCRError', 'page 3 could not be read: image resolution below 150 dpi'),
      permanent('PasswordError', 'the document is encrypted and no password was given'),
    ],
  },
  {
    name: 'log_search',
    medianMs: 1_700,
    sigma: 0.9,
    timeoutMs: 30_000,
    failureRate: 0.03,
    timeoutRate: 0.02,
    resultTokens: 4_000,
    errors: [
      transient(
        'SearchError',
        'circuit_breaking_exception: [parent] Data too large, data for [<http_request>] would be larger than the limit'
      ),
      permanent('QueryError', 'parse_exception: Encountered " <RANGE_GOOP> "[now-24h " at line 1, column 31'),
    ],
  },
  {
    name: 'metrics_query',
    medianMs: 380,
    sigma: 0.6,
    timeoutMs: 20_000,
    failureRate: 0.02,
    timeoutRate: 0.005,
    resultTokens: 600,
    errors: [
      permanent('PromQLError', "bad_data: 1:42: parse error: unexpected right parenthesis ')'"),
      transient('PromQLError', 'query processing would load too many samples into memory in query execution'),
    ],
  },
  {
    name: 'jira_create_issue',
    medianMs: 650,
    sigma: 0.4,
    timeoutMs: 15_000,
    failureRate: 0.02,
    timeoutRate: 0.003,
    resultTokens: 120,
    errors: [
      permanent(
        'JiraError',
        "400 Bad Request: Field 'priority' cannot be set. It is not on the appropriate screen, or unknown."
      ),
    ],
  },
  {
    name: 'crm_update',
    medianMs: 520,
    sigma: 0.5,
    timeoutMs: 15_000,
    failureRate: 0.02,
    timeoutRate: 0.003,
    resultTokens: 60,
    errors: [
      permanent('ValidationError', 'FIELD_CUSTOM_VALIDATION_EXCEPTION: Annual revenue must be a positive number'),
      transient('CRMError', 'UNABLE_TO_LOCK_ROW: unable to obtain exclusive access to this record'),
    ],
  },
  {
    name: 's3_get_object',
    medianMs: 180,
    sigma: 0.5,
    timeoutMs: 10_000,
    failureRate: 0.006,
    timeoutRate: 0.002,
    resultTokens: 80,
    errors: [
      permanent('NoSuchKey', 'The specified key does not exist.'),
      transient('SlowDown', 'Please reduce your request rate.'),
    ],
  },
  {
    name: 'erp_post_invoice',
    medianMs: 1_200,
    sigma: 0.6,
    timeoutMs: 30_000,
    failureRate: 0.03,
    timeoutRate: 0.01,
    resultTokens: 90,
    errors: [
      permanent('ERPError', '409 Conflict: an invoice with this number is already posted for the vendor'),
      transient('ERPError', '503 Service Unavailable: the ERP is in its nightly maintenance window'),
    ],
  },
  {
    name: 'calculator',
    medianMs: 6,
    sigma: 0.3,
    timeoutMs: 5_000,
    failureRate: 0.002,
    timeoutRate: 0.0,
    resultTokens: 10,
    errors: [permanent('ToolExecutionError', 'ZeroDivisionError: division by zero')],
  },
  {
    name: 'translate_text',
    medianMs: 420,
    sigma: 0.5,
    timeoutMs: 15_000,
    failureRate: 0.01,
    timeoutRate: 0.004,
    resultTokens: 900,
    errors: [permanent('TranslationError', "400 Bad Request: target language 'pt-XX' is not supported")],
  },
];
