import fs from 'node:fs';
import { decimalToNanos, nanosToDecimal } from '../common/decimal';
import { ConfigError } from '../config/config';

/** US dollars per million tokens, as decimal strings. Cached input defaults to the input price. */
export interface ModelPrice {
  inputPerMillion: string;
  cachedInputPerMillion?: string;
  outputPerMillion: string;
}

/**
 * List prices the providers published for their common models (USD per million tokens). An
 * operator replaces or adds models with a JSON file of the same shape (OTLP_PRICES_FILE). A model
 * is matched by its exact name, else by the longest listed name it starts with ("gpt-4o-2024-08-06"
 * is priced as "gpt-4o").
 */
export const SHIPPED_PRICES: Record<string, ModelPrice> = {
  'gpt-4o': { inputPerMillion: '2.50', cachedInputPerMillion: '1.25', outputPerMillion: '10.00' },
  'gpt-4o-mini': { inputPerMillion: '0.15', cachedInputPerMillion: '0.075', outputPerMillion: '0.60' },
  'gpt-4.1': { inputPerMillion: '2.00', cachedInputPerMillion: '0.50', outputPerMillion: '8.00' },
  'gpt-4.1-mini': { inputPerMillion: '0.40', cachedInputPerMillion: '0.10', outputPerMillion: '1.60' },
  'gpt-4.1-nano': { inputPerMillion: '0.10', cachedInputPerMillion: '0.025', outputPerMillion: '0.40' },
  o3: { inputPerMillion: '2.00', cachedInputPerMillion: '0.50', outputPerMillion: '8.00' },
  'o4-mini': { inputPerMillion: '1.10', cachedInputPerMillion: '0.275', outputPerMillion: '4.40' },
  'text-embedding-3-small': { inputPerMillion: '0.02', outputPerMillion: '0' },
  'text-embedding-3-large': { inputPerMillion: '0.13', outputPerMillion: '0' },
  'claude-opus-4': { inputPerMillion: '15.00', cachedInputPerMillion: '1.50', outputPerMillion: '75.00' },
  'claude-sonnet-4': { inputPerMillion: '3.00', cachedInputPerMillion: '0.30', outputPerMillion: '15.00' },
  'claude-3-5-haiku': { inputPerMillion: '0.80', cachedInputPerMillion: '0.08', outputPerMillion: '4.00' },
  'gemini-2.5-pro': { inputPerMillion: '1.25', cachedInputPerMillion: '0.31', outputPerMillion: '10.00' },
  'gemini-2.5-flash': { inputPerMillion: '0.30', cachedInputPerMillion: '0.075', outputPerMillion: '2.50' },
  'mistral-large': { inputPerMillion: '2.00', outputPerMillion: '6.00' },
};

interface NanoPrice {
  input: bigint;
  cachedInput: bigint;
  output: bigint;
}

/** A bad price file stops the API at start, as a bad setting does. */
export class PriceFileError extends ConfigError {}

/** The price table in use: the shipped one with an operator's file laid over it. */
export class ModelPrices {
  private readonly prices = new Map<string, NanoPrice>();
  /** Listed names, longest first, for prefix matches. */
  private readonly names: string[];

  constructor(table: Record<string, ModelPrice>) {
    for (const [model, price] of Object.entries(table)) this.prices.set(model.toLowerCase(), toNanos(model, price));
    this.names = [...this.prices.keys()].sort((a, b) => b.length - a.length);
  }

  /** The shipped prices, with the models of `file` (JSON: {"model": {"inputPerMillion": "…", …}}) replacing or adding. */
  static load(file: string | undefined): ModelPrices {
    if (!file) return new ModelPrices(SHIPPED_PRICES);
    let parsed: unknown;
    try {
      parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      throw new PriceFileError(`OTLP_PRICES_FILE "${file}" could not be read as JSON: ${(error as Error).message}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new PriceFileError(`OTLP_PRICES_FILE "${file}" must hold an object of models`);
    return new ModelPrices(Object.assign({}, SHIPPED_PRICES, parsed as Record<string, ModelPrice>));
  }

  private find(model: string): NanoPrice | undefined {
    const name = model.toLowerCase();
    const exact = this.prices.get(name);
    if (exact) return exact;
    const prefix = this.names.find((listed) => name.startsWith(`${listed}-`) || name.startsWith(`${listed}@`));
    return prefix === undefined ? undefined : this.prices.get(prefix);
  }

  /**
   * The cost in US dollars of a call, or null when the model has no price (it is then unpriced,
   * never $0). Input tokens include the cached ones, which have their own price; reasoning tokens
   * are part of the output tokens.
   */
  costUsd(
    model: string | null,
    usage: { inputTokens: number | null; outputTokens: number | null; cachedInputTokens: number | null }
  ): string | null {
    const price = model ? this.find(model) : undefined;
    if (!price) return null;
    const input = BigInt(usage.inputTokens ?? 0);
    const cached = BigInt(Math.min(usage.cachedInputTokens ?? 0, usage.inputTokens ?? 0));
    const output = BigInt(usage.outputTokens ?? 0);
    const millionths = (input - cached) * price.input + cached * price.cachedInput + output * price.output;
    // Rounded to the nearest billionth of a dollar.
    return nanosToDecimal((millionths + 500_000n) / 1_000_000n);
  }
}

function toNanos(model: string, price: ModelPrice): NanoPrice {
  const read = (field: keyof ModelPrice, value: unknown) => {
    const nanos = typeof value === 'string' || typeof value === 'number' ? decimalToNanos(String(value)) : null;
    if (nanos === null || nanos < 0n)
      throw new PriceFileError(
        `the price of "${model}" needs ${field} as a non-negative amount in US dollars, got ${JSON.stringify(value)}`
      );
    return nanos;
  };
  if (typeof price !== 'object' || price === null)
    throw new PriceFileError(`the price of "${model}" must be an object`);
  const input = read('inputPerMillion', price.inputPerMillion);
  return {
    input,
    cachedInput:
      price.cachedInputPerMillion === undefined ? input : read('cachedInputPerMillion', price.cachedInputPerMillion),
    output: read('outputPerMillion', price.outputPerMillion),
  };
}
