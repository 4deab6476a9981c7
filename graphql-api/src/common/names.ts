/**
 * Unpaired surrogates (invalid Unicode, e.g. an emoji cut in half) become U+FFFD, as MySQL's driver
 * writes them anyway; SQLite would store the invalid bytes, which read back as other text.
 */
export function wellFormed(value: string): string {
  return /[\ud800-\udfff]/.test(value) ? Buffer.from(value, 'utf8').toString('utf8') : value;
}

/**
 * Names that look alike are one name: Unicode NFC (a composed and a decomposed "café" are the
 * same), invisible format characters (zero-width spaces and joiners, soft hyphens, BOMs) removed,
 * and other spaces (no-break, thin…) made plain spaces, then trimmed. Events are stored this way
 * and filters are read this way, so a filter finds what an event that looked the same wrote.
 */
export function canonicalName(value: string): string {
  return wellFormed(value)
    .normalize('NFC')
    .replace(/\p{Cf}/gu, '')
    .replace(/\p{Zs}/gu, ' ')
    .trim();
}

/** A filter's values as they are stored: names canonical, other values as they came. */
export function canonicalFilterValue<T>(value: T): T {
  if (typeof value === 'string') return canonicalName(value) as T;
  return Array.isArray(value)
    ? (value.map((item) => (typeof item === 'string' ? canonicalName(item) : item)) as T)
    : value;
}
