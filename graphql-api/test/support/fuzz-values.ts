import fc from 'fast-check';

/**
 * Field values for fuzzing ingestion: mostly valid (so that events get stored and the store's
 * side is exercised too), sometimes wild (values of the right GraphQL type that validators or
 * the database must cope with), rarely of the wrong type (which GraphQL refuses for the request).
 */

/** A valid value most of the time (`odds` to 1), a wild one otherwise. */
export function mostly<T>(valid: fc.Arbitrary<T>, wild: fc.Arbitrary<unknown>, odds = 20): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: odds, arbitrary: valid }, { weight: 1, arbitrary: wild });
}

/** An optional field: left out, null, or a value. */
export function optional(value: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 3, arbitrary: value }
  );
}

// Strings that have broken parsers, drivers and collations before: SQL and template injection, NUL,
// right-to-left overrides, astral characters, lone surrogates, look-alikes, blanks.
const NASTY = [
  "'; DROP TABLE users; --",
  "';DROP_TABLE_users;--",
  '" OR "1"="1',
  "Robert'); DROP TABLE agents;--",
  '%s%n%x%d',
  '${7*7}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '\u0000',
  'a\u0000b',
  '\u202eevil\u202c',
  'שלום עולם',
  'مرحبا بالعالم',
  '🤖🦾',
  '𝕏𝔸',
  '\ud800',
  'a\udfffb',
  '\ufeff',
  'İı',
  'ß',
  'Å',
  '\u00a0',
  ' ',
  '',
  '\t\n',
  '\\',
  '..',
  'null',
  'NaN',
  'Ⅻ',
  '\u0085',
  '\u2028',
];
// Around the limits: 191-character ids and names, 255/512-character fields, 16 KiB texts (in UTF-8 bytes).
const LONG = [
  'x'.repeat(191),
  'x'.repeat(192),
  '🤖'.repeat(95),
  '🤖'.repeat(96),
  'é'.repeat(255),
  'é'.repeat(256),
  'y'.repeat(513),
  'é'.repeat(8192),
  `${'é'.repeat(8192)}x`,
  'z'.repeat(70_000),
];

export const wildString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY) },
  // Any code point, astral ones included.
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.constantFrom(...LONG) }
);

/** A platform id from a small pool, so that events of one run update and refer to each other. */
export function pooledId(prefix: string, size: number): fc.Arbitrary<unknown> {
  return mostly(
    fc.nat(size - 1).map((n) => `fz-${prefix}-${n}`),
    fc.oneof(wildString, fc.string({ unit: 'binary-ascii', maxLength: 30 }))
  );
}

export function displayName(pool: string[]): fc.Arbitrary<unknown> {
  return mostly(fc.constantFrom(...pool), wildString);
}

export const text: fc.Arbitrary<unknown> = mostly(fc.lorem({ maxCount: 8 }), wildString);

const MAX_INT = 2_147_483_647;
export const wholeNumber: fc.Arbitrary<unknown> = mostly(
  fc.integer({ min: 0, max: 100_000 }),
  fc.oneof(fc.constantFrom(-1, 0, 1, MAX_INT, -MAX_INT - 1), fc.integer())
);

export const cost: fc.Arbitrary<unknown> = mostly(
  fc.integer({ min: 0, max: 50_000_000 }).map((n) => (n / 1e6).toFixed(6)),
  // The largest cost accepted, just over it, negative zero, padding, numbers given as JSON numbers.
  fc.constantFrom(
    '0',
    '-0',
    '-0.000000001',
    '9007199.254740991',
    '9007199.254740992',
    '999999999999.999999999',
    ' 1.5 ',
    0.1,
    1e-7,
    12
  )
);

const VALID_FROM = Date.UTC(2024, 0, 1);
const VALID_TO = Date.UTC(2027, 0, 1);
// Edges of what the store holds (2000 to 5999) and beyond, other offsets and sub-millisecond digits.
const WILD_TIMES = [
  '1999-12-31T23:59:59.999Z',
  '2000-01-01T00:00:00.000Z',
  '5999-12-31T23:59:59.999Z',
  '6000-01-01T00:00:00Z',
  '6053-01-24T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '0001-01-01T00:00:00Z',
  '1970-01-01T00:00:00Z',
  '2026-11-26T08:00:00+14:00',
  '2026-11-26T08:00:00.123456789Z',
];

export const time: fc.Arbitrary<string> = fc.oneof(
  { weight: 20, arbitrary: fc.integer({ min: VALID_FROM, max: VALID_TO }).map((ms) => new Date(ms).toISOString()) },
  { weight: 2, arbitrary: fc.constantFrom(...WILD_TIMES) },
  {
    weight: 2,
    arbitrary: fc
      .date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true })
      .map((d) => d.toISOString()),
  }
);

/** An ISO time `offsetMs` after `iso`, or a garbled one when there is no such time. */
export function after(iso: string, offsetMs: number): string {
  const date = new Date(Date.parse(iso) + offsetMs);
  return Number.isNaN(date.getTime()) || date.getUTCFullYear() > 9999 || date.getUTCFullYear() < 1
    ? iso
    : date.toISOString();
}

/** Offsets of an end from its start: ordinary, negative, about the INT-milliseconds limit, months. */
export const elapsed: fc.Arbitrary<number> = mostly(
  fc.integer({ min: 0, max: 600_000 }),
  fc.constantFrom(-1, -86_400_000, MAX_INT, MAX_INT + 1, 40 * 86_400_000),
  6
) as fc.Arbitrary<number>;

/** A value of the wrong GraphQL type for most fields (or of no type at all). */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    true,
    1.5,
    -0.5,
    1e300,
    2_147_483_648,
    'SUCCESS',
    'success',
    '2026-02-30T00:00:00Z',
    'yesterday',
    '1e5',
    null
  ),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.object({ maxDepth: 2, maxKeys: 3 })
);
