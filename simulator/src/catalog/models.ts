/** A model as a provider sells it: list prices in US dollars per million tokens. */
export interface Model {
  provider: string;
  /** gen_ai.request.model: what agents ask for. */
  request: string;
  /** gen_ai.response.model: the dated snapshot that answers. */
  response: string;
  inputPerMillion: number;
  outputPerMillion: number;
  contextWindow: number;
  /** Time to the first token, and output speed: together, how long a call takes. */
  firstTokenMs: number;
  tokensPerSecond: number;
}

// Provider names follow the OpenTelemetry gen_ai.provider.name values.
export const MODELS: readonly Model[] = [
  {
    provider: 'openai',
    request: 'gpt-4o',
    response: 'gpt-4o-2024-08-06',
    inputPerMillion: 2.5,
    outputPerMillion: 10,
    contextWindow: 128_000,
    firstTokenMs: 450,
    tokensPerSecond: 90,
  },
  {
    provider: 'openai',
    request: 'gpt-4o-mini',
    response: 'gpt-4o-mini-2024-07-18',
    inputPerMillion: 0.15,
    outputPerMillion: 0.6,
    contextWindow: 128_000,
    firstTokenMs: 350,
    tokensPerSecond: 120,
  },
  {
    provider: 'openai',
    request: 'gpt-4.1',
    response: 'gpt-4.1-2025-04-14',
    inputPerMillion: 2,
    outputPerMillion: 8,
    contextWindow: 1_047_576,
    firstTokenMs: 500,
    tokensPerSecond: 80,
  },
  {
    provider: 'openai',
    request: 'gpt-4.1-mini',
    response: 'gpt-4.1-mini-2025-04-14',
    inputPerMillion: 0.4,
    outputPerMillion: 1.6,
    contextWindow: 1_047_576,
    firstTokenMs: 400,
    tokensPerSecond: 110,
  },
  {
    provider: 'openai',
    request: 'o3-mini',
    response: 'o3-mini-2025-01-31',
    inputPerMillion: 1.1,
    outputPerMillion: 4.4,
    contextWindow: 200_000,
    firstTokenMs: 4_000,
    tokensPerSecond: 150,
  },
  {
    provider: 'azure.ai.openai',
    request: 'gpt-4o',
    response: 'gpt-4o-2024-11-20',
    inputPerMillion: 2.5,
    outputPerMillion: 10,
    contextWindow: 128_000,
    firstTokenMs: 550,
    tokensPerSecond: 75,
  },
  {
    provider: 'mistral_ai',
    request: 'mistral-large-latest',
    response: 'mistral-large-2411',
    inputPerMillion: 2,
    outputPerMillion: 6,
    contextWindow: 131_072,
    firstTokenMs: 600,
    tokensPerSecond: 45,
  },
  {
    provider: 'mistral_ai',
    request: 'mistral-small-latest',
    response: 'mistral-small-2503',
    inputPerMillion: 0.1,
    outputPerMillion: 0.3,
    contextWindow: 131_072,
    firstTokenMs: 300,
    tokensPerSecond: 140,
  },
  {
    provider: 'cohere',
    request: 'command-r-plus',
    response: 'command-r-plus-08-2024',
    inputPerMillion: 2.5,
    outputPerMillion: 10,
    contextWindow: 128_000,
    firstTokenMs: 700,
    tokensPerSecond: 50,
  },
  {
    provider: 'cohere',
    request: 'command-r',
    response: 'command-r-08-2024',
    inputPerMillion: 0.15,
    outputPerMillion: 0.6,
    contextWindow: 128_000,
    firstTokenMs: 400,
    tokensPerSecond: 80,
  },
  {
    provider: 'groq',
    request: 'llama-3.3-70b-versatile',
    response: 'llama-3.3-70b-versatile',
    inputPerMillion: 0.59,
    outputPerMillion: 0.79,
    contextWindow: 131_072,
    firstTokenMs: 200,
    tokensPerSecond: 275,
  },
  {
    provider: 'groq',
    request: 'llama-3.1-8b-instant',
    response: 'llama-3.1-8b-instant',
    inputPerMillion: 0.05,
    outputPerMillion: 0.08,
    contextWindow: 131_072,
    firstTokenMs: 150,
    tokensPerSecond: 750,
  },
];

export function model(provider: string, request: string): Model {
  const found = MODELS.find((m) => m.provider === provider && m.request === request);
  if (!found) throw new Error(`no model ${provider}/${request} in the catalog`);
  return found;
}

const NANOS_PER_DOLLAR = 1_000_000_000;

/** Exact cost in billionths of a dollar (the API's precision): price per million × tokens. */
export function costNanos(m: Model, inputTokens: number, outputTokens: number): number {
  const perToken = (pricePerMillion: number) => Math.round((pricePerMillion * NANOS_PER_DOLLAR) / 1_000_000);
  return inputTokens * perToken(m.inputPerMillion) + outputTokens * perToken(m.outputPerMillion);
}

/** "0.012345" from 12345000 billionths. */
export function nanosToUsd(nanos: number): string {
  const whole = Math.floor(nanos / NANOS_PER_DOLLAR);
  const fraction = String(nanos % NANOS_PER_DOLLAR)
    .padStart(9, '0')
    .replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}
