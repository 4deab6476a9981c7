import { Random } from '../random';
import { Model } from './models';

/** How an LLM call went wrong, as the provider's client library reports it. */
export interface LlmFailure {
  status: 'FAILURE' | 'TIMEOUT';
  errorType: string;
  errorMessage: string;
  /** Worth another attempt (rate limits, outages), unlike a prompt that is too long. */
  retryable: boolean;
  /** How long the call took before it failed. */
  durationMs: number;
}

const CLIENT_TIMEOUT_MS = 60_000;

function rateLimitMessage(random: Random, m: Model, requested: number, organization: string): string {
  const limit = m.provider === 'groq' ? 6_000 : 450_000;
  const used = limit - random.int(0, Math.min(requested, limit) - 1);
  const wait = random.logNormal(2, 0.8).toFixed(3);
  return (
    `429 Too Many Requests: Rate limit reached for ${m.request} in organization ${organization} on tokens per min (TPM): ` +
    `Limit ${limit}, Used ${used}, Requested ${requested}. Please try again in ${wait}s.`
  );
}

/** Rare provider-side failures of one call, weighted by how often they are seen in practice. */
export function drawLlmFailure(
  random: Random,
  m: Model,
  promptTokens: number,
  organization: string
): LlmFailure | undefined {
  if (promptTokens > m.contextWindow) {
    return {
      status: 'FAILURE',
      errorType: 'ContextLengthExceeded',
      errorMessage:
        `400 This model's maximum context length is ${m.contextWindow} tokens. However, your messages resulted in ` +
        `${promptTokens} tokens. Please reduce the length of the messages.`,
      retryable: false,
      durationMs: Math.round(random.logNormal(180, 0.4)),
    };
  }
  const roll = random.next();
  const quick = () => Math.round(random.logNormal(250, 0.6));
  if (roll < 0.015) {
    return {
      status: 'FAILURE',
      errorType: 'RateLimitError',
      errorMessage: rateLimitMessage(random, m, promptTokens, organization),
      retryable: true,
      durationMs: quick(),
    };
  }
  if (roll < 0.019) {
    return {
      status: 'TIMEOUT',
      errorType: 'TimeoutError',
      errorMessage: `Request timed out after ${CLIENT_TIMEOUT_MS / 1000} s waiting for ${m.provider}`,
      retryable: true,
      durationMs: CLIENT_TIMEOUT_MS,
    };
  }
  if (roll < 0.023) {
    return {
      status: 'FAILURE',
      errorType: 'ServiceUnavailableError',
      errorMessage: '503 Service Unavailable: The server is overloaded or not ready yet.',
      retryable: true,
      durationMs: quick(),
    };
  }
  if (roll < 0.026) {
    return {
      status: 'FAILURE',
      errorType: 'InternalServerError',
      errorMessage: '500 Internal Server Error: The server had an error while processing your request.',
      retryable: true,
      durationMs: Math.round(random.logNormal(4_000, 0.7)),
    };
  }
  if (roll < 0.028) {
    return {
      status: 'FAILURE',
      errorType: 'APIConnectionError',
      errorMessage: 'Connection error: read ECONNRESET',
      retryable: true,
      durationMs: Math.round(random.logNormal(1_500, 0.8)),
    };
  }
  if (roll < 0.029 && m.provider === 'azure.ai.openai') {
    return {
      status: 'FAILURE',
      errorType: 'ContentFilterError',
      errorMessage:
        "400 The response was filtered due to the prompt triggering Azure OpenAI's content management policy (category: violence, severity: medium).",
      retryable: false,
      durationMs: quick(),
    };
  }
  return undefined;
}

/** The agent's own parser rejecting a malformed answer. */
export function outputParserFailure(random: Random): Omit<LlmFailure, 'durationMs'> {
  const line = random.int(3, 40);
  return {
    status: 'FAILURE',
    errorType: 'OutputParserException',
    errorMessage: `Failed to parse model output as JSON: Expecting ',' delimiter: line ${line} column ${random.int(2, 30)} (char ${line * random.int(20, 60)})`,
    retryable: true,
  };
}
