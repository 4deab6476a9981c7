import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config/config';
import { ModelPrices } from '../src/otlp/model-prices';
import { ADMIN_TOKEN, startApi } from './support/api';
import { exportOk, hexIds, makeSpans } from './support/otel';

const chat = (model: string, input: number, output: number) => ({
  name: `chat ${model}`,
  attributes: {
    'gen_ai.operation.name': 'chat',
    'gen_ai.request.model': model,
    'gen_ai.usage.input_tokens': input,
    'gen_ai.usage.output_tokens': output,
  },
  start: Date.now() - 60_000,
  end: Date.now() - 59_000,
});

describe('the model price table and an operator price file (OTLP_PRICES_FILE)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentmon-prices-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the file replaces a shipped price and adds a model; dated versions take their family price; others stay unpriced', async () => {
    const file = path.join(dir, 'prices.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        'gpt-4o': { inputPerMillion: '1', outputPerMillion: '2' },
        'in-house-7b': { inputPerMillion: '0.5', outputPerMillion: '0.5' },
      })
    );
    const api = await startApi('sqlite', { otlp: { ...loadConfig({ OTLP_PRICES_FILE: file }).otlp } }, 'otlp_prices');
    try {
      const spans = makeSpans([
        chat('gpt-4o', 1_000_000, 1_000_000),
        chat('in-house-7b-2026-01', 2_000_000, 0),
        chat('gpt-4.1', 1_000_000, 0),
        chat('mystery', 5, 5),
      ]);
      await exportOk('json', api.url, ADMIN_TOKEN, spans);
      const cost = async (name: string) => {
        const { traceId, spanId } = hexIds(spans.find((span) => span.name === name)!);
        return (await api.data(`{ agentExecution(requestId: "${traceId}-${spanId}") { costUsd unpriced } }`))
          .agentExecution;
      };
      expect(await cost('chat gpt-4o')).toEqual({ costUsd: '3', unpriced: false });
      expect(await cost('chat in-house-7b-2026-01')).toEqual({ costUsd: '1', unpriced: false });
      expect(await cost('chat gpt-4.1')).toEqual({ costUsd: '2', unpriced: false });
      expect(await cost('chat mystery')).toEqual({ costUsd: '0', unpriced: true });
    } finally {
      await api.close();
    }
  });

  it('a price file that is not JSON, or a price that is not an amount, stops the API at start with the reason', () => {
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, '{ not json');
    expect(() => ModelPrices.load(bad)).toThrow(/OTLP_PRICES_FILE .* could not be read as JSON/);
    fs.writeFileSync(bad, JSON.stringify({ m: { inputPerMillion: 'cheap', outputPerMillion: '1' } }));
    expect(() => ModelPrices.load(bad)).toThrow(/the price of "m" needs inputPerMillion as a non-negative amount/);
  });
});
