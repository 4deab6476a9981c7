import { ADMIN_TOKEN } from './api';

export interface Answer {
  status: number;
  body: { data?: Record<string, any>; errors?: { message: string; extensions?: Record<string, any> }[] };
}

/** What clients saw on the way, to judge afterwards whether every failure was a clean one. */
export class Observations {
  /** 503 UNAVAILABLE answers, each retried. */
  unavailable = 0;
  /** Requests that never got an HTTP answer (retried too). */
  networkErrors = 0;
  /** Any other failure: these should never happen (500, INTERNAL_SERVER_ERROR, UNAVAILABLE without 503…). */
  readonly unclean: { status: number; code?: string; message?: string }[] = [];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * POSTs a GraphQL request as a careful client does: on 503 UNAVAILABLE or a network error it
 * waits and sends the very same request again (events are idempotent upserts), until it gets an
 * answer or `deadline` passes. Unclean failures are recorded and retried as well, so that one
 * bug does not hide the next.
 */
export async function postWithRetry(url: string, body: string, seen: Observations, deadline: number): Promise<Answer> {
  for (let attempt = 0; ; attempt++) {
    if (Date.now() > deadline) throw new Error(`no successful answer before the deadline after ${attempt} attempts`);
    let answer: Answer;
    try {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
        body,
        signal: AbortSignal.timeout(15_000),
      });
      answer = { status: response.status, body: (await response.json()) as Answer['body'] };
    } catch {
      seen.networkErrors += 1;
      await sleep(backoff(attempt));
      continue;
    }
    const error = answer.body.errors?.[0];
    if (!error && answer.status === 200) return answer;
    if (answer.status === 503 && error?.extensions?.code === 'UNAVAILABLE' && answer.body.errors!.length === 1) {
      seen.unavailable += 1;
    } else {
      seen.unclean.push({ status: answer.status, code: error?.extensions?.code, message: error?.message });
    }
    await sleep(backoff(attempt));
  }
}

/** Exponential backoff from 50 ms up to 1 s, with jitter so that clients do not retry in step. */
function backoff(attempt: number): number {
  return Math.min(1000, 50 * 2 ** attempt) * (0.5 + Math.random() / 2);
}
