import { EVENT_KINDS, EventKind, kindOf, SimEvent } from './events';

interface GraphQLError {
  message: string;
  extensions?: { code?: string; field?: string };
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: GraphQLError[];
}

/** The API cannot take events now (down, or its database is): the request may be sent again. */
export class UnavailableError extends Error {}

/** A mistake no retry fixes: a refused token, a wrong URL, a request the API does not understand. */
export class FatalError extends Error {}

/** A small GraphQL client over fetch, with the bearer token on every request. */
export class AgentmonClient {
  constructor(
    readonly url: string,
    private readonly token: string
  ) {}

  async request<T>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>> {
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
        body: JSON.stringify({ query, variables }),
      });
    } catch (error) {
      throw new UnavailableError(
        `cannot reach ${this.url}: ${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}`
      );
    }
    if (response.status === 401)
      throw new FatalError(`the API refused the token (401): check --token or AGENTMON_TOKEN`);
    if (response.status === 503 || response.status === 502 || response.status === 504)
      throw new UnavailableError(`the API answered ${response.status}`);
    const text = await response.text();
    try {
      return JSON.parse(text) as GraphQLResponse<T>;
    } catch {
      throw new FatalError(
        `${this.url} answered ${response.status} with something that is not GraphQL: ${text.slice(0, 120)}`
      );
    }
  }

  /** The data, or a FatalError naming the first GraphQL error. */
  async query<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
    const body = await this.request<T>(query, variables);
    if (body.errors?.length || !body.data)
      throw new FatalError(`GraphQL error: ${body.errors?.[0]?.message ?? 'no data'}`);
    return body.data;
  }
}

export interface Rejection {
  kind: EventKind;
  code: string;
  field: string;
  message: string;
}

export type KindCounts = Record<EventKind, number>;

const zeroCounts = (): KindCounts => Object.fromEntries(EVENT_KINDS.map((kind) => [kind, 0])) as KindCounts;
const sum = (counts: KindCounts) => Object.values(counts).reduce((total, n) => total + n, 0);

/** What the API said about the events sent so far. */
export class Tally {
  readonly accepted = zeroCounts();
  readonly rejected = zeroCounts();

  get acceptedTotal(): number {
    return sum(this.accepted);
  }

  get rejectedTotal(): number {
    return sum(this.rejected);
  }
}

const INGEST = `mutation Ingest($events: [EventInput!]!) {
  ingest(events: $events) { accepted rejected results { index accepted error { code field message } } }
}`;

/** The mutation and input type that record one event of each kind on its own. */
const SINGLE: Record<EventKind, [mutation: string, input: string]> = {
  login: ['recordLogin', 'LoginEventInput'],
  sessionActivity: ['recordSessionActivity', 'SessionEventInput'],
  sessionEnd: ['endSession', 'SessionEventInput'],
  agentExecution: ['recordAgentExecution', 'AgentExecutionEventInput'],
  toolExecution: ['recordToolExecution', 'ToolExecutionEventInput'],
  workflow: ['recordWorkflow', 'WorkflowEventInput'],
  workflowRun: ['recordWorkflowRun', 'WorkflowRunEventInput'],
  taskRun: ['recordTaskRun', 'TaskRunEventInput'],
  approvalRequested: ['requestApproval', 'ApprovalRequestedEventInput'],
  approvalDecided: ['decideApproval', 'ApprovalDecidedEventInput'],
  plan: ['recordPlan', 'PlanEventInput'],
  conversationMessage: ['recordConversationMessage', 'ConversationMessageEventInput'],
};

const RETRY_DELAYS_MS = [500, 1_000, 2_000, 4_000, 8_000, 16_000];

export interface SenderOptions {
  /** Events per `ingest` call (the API accepts up to BATCH_MAX_EVENTS). */
  batchSize: number;
  /** One mutation per event instead of `ingest` batches. */
  single: boolean;
  onRejected(rejection: Rejection, event: SimEvent): void;
}

/**
 * Sends events in order, in batches or one by one, and counts each event's answer. When the API
 * is unavailable it tries the same request again: events are upserts, so a replay is harmless.
 */
export class EventSender {
  readonly tally = new Tally();

  constructor(
    private readonly client: AgentmonClient,
    private readonly options: SenderOptions
  ) {}

  async send(events: readonly SimEvent[]): Promise<void> {
    if (this.options.single) {
      for (const event of events) await this.retrying(() => this.sendOne(event));
      return;
    }
    for (let from = 0; from < events.length; from += this.options.batchSize) {
      const batch = events.slice(from, from + this.options.batchSize);
      await this.retrying(() => this.sendBatch(batch));
    }
  }

  private async sendBatch(batch: readonly SimEvent[]): Promise<void> {
    type Answer = {
      ingest: { results: { index: number; accepted: boolean; error: Omit<Rejection, 'kind'> | null }[] };
    };
    const body = await this.client.request<Answer>(INGEST, { events: batch });
    if (!body.data) this.failWith(body.errors);
    for (const result of body.data.ingest.results) {
      const event = batch[result.index];
      this.count(event, result.accepted ? undefined : result.error!);
    }
  }

  private async sendOne(event: SimEvent): Promise<void> {
    const kind = kindOf(event);
    const [mutation, input] = SINGLE[kind];
    const body = await this.client.request(`mutation($e: ${input}!) { ${mutation}(event: $e) { id } }`, {
      e: (event as Record<string, unknown>)[kind],
    });
    const error = body.errors?.[0];
    const code = error?.extensions?.code;
    if (error && code !== 'BAD_USER_INPUT' && code !== 'NOT_FOUND') this.failWith(body.errors);
    this.count(event, error && { code: code!, field: error.extensions?.field ?? '', message: error.message });
  }

  private count(event: SimEvent, error: Omit<Rejection, 'kind'> | undefined): void {
    const kind = kindOf(event);
    if (!error) {
      this.tally.accepted[kind]++;
      return;
    }
    this.tally.rejected[kind]++;
    this.options.onRejected({ kind, ...error }, event);
  }

  private failWith(errors: GraphQLError[] | undefined): never {
    const error = errors?.[0];
    if (error?.extensions?.code === 'UNAVAILABLE') throw new UnavailableError(error.message);
    throw new FatalError(`the API rejected the request: ${error?.message ?? 'no data and no error'}`);
  }

  private async retrying(send: () => Promise<void>): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await send();
      } catch (error) {
        if (!(error instanceof UnavailableError) || attempt === RETRY_DELAYS_MS.length) throw error;
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAYS_MS[attempt]));
      }
    }
  }
}
