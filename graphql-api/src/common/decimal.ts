import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const NANOS_PER_UNIT = 1_000_000_000n;
const DECIMAL = /^(-)?(\d{1,12})(?:\.(\d{1,9}))?$/;

/** Parses a decimal such as "0.0123" into billionths, exactly; null when it is not one (spaces included). */
export function decimalToNanos(text: string): bigint | null {
  const match = DECIMAL.exec(text);
  if (!match) return null;
  const [, sign, whole, fraction = ''] = match;
  const nanos = BigInt(whole) * NANOS_PER_UNIT + BigInt(fraction.padEnd(9, '0'));
  return sign ? -nanos : nanos;
}

export function nanosToDecimal(nanos: bigint): string {
  const negative = nanos < 0n;
  const abs = negative ? -nanos : nanos;
  const whole = abs / NANOS_PER_UNIT;
  const fraction = (abs % NANOS_PER_UNIT).toString().padStart(9, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** A JSON number as plain decimal text: String(1e-7) is "1e-7", which is written "0.0000001" here. */
function numberText(value: number): string {
  const text = String(value);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const [, sign, lead, rest = '', exponent] = match;
  const digits = lead + rest;
  const point = 1 + Number(exponent);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

function parse(value: unknown): string {
  const text = typeof value === 'number' && Number.isFinite(value) ? numberText(value) : value;
  if (typeof text !== 'string' || decimalToNanos(text) === null) {
    throw new GraphQLError(
      `Decimal must be a number or a string such as "0.0125" with at most 12 digits before and 9 after the point, got ${JSON.stringify(value)}`,
      { extensions: { code: 'BAD_USER_INPUT' } }
    );
  }
  return text;
}

/** Exact decimal amounts (money): sent as a string or a number, returned as a string. */
export const Decimal = new GraphQLScalarType({
  name: 'Decimal',
  description: 'An exact decimal number, returned as a string such as "0.012345" (up to 9 decimals).',
  serialize: (value) => String(value),
  parseValue: parse,
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING || ast.kind === Kind.FLOAT || ast.kind === Kind.INT) return parse(ast.value);
    throw new GraphQLError('Decimal must be a number or a string', { extensions: { code: 'BAD_USER_INPUT' } });
  },
});
