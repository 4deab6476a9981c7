/** One attribute value as OTLP's AnyValue carries it: 64-bit integers become numbers (exact below 2^53). */
export type AttributeValue = string | number | boolean | null | AttributeValue[] | { [key: string]: AttributeValue };
export type Attributes = Record<string, AttributeValue>;

/** A span as Agentmon keeps it: what the mapping reads, the same whichever encoding brought it. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  startMs: number;
  endMs: number;
  /** OTLP's status code: 0 unset, 1 ok, 2 error. */
  statusCode: number;
  statusMessage: string | null;
  attributes: Attributes;
  /** The resource's attributes the mapping reads (service.name, user and session ids). */
  resource: Attributes;
  /** The first "exception" event's type and message, for a failed span without error.type. */
  exception: { type: string | null; message: string | null } | null;
}

/** The body is not an ExportTraceServiceRequest at all: answered 400, nothing kept. */
export class MalformedRequest extends Error {}

export interface ParsedRequest {
  spans: ReceivedSpan[];
  /** Spans that could not be used, with why (the first few go into partial_success's message). */
  rejected: { spanIndex: number; reason: string }[];
}

type Obj = Record<string, unknown>;
const isObject = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);

function list(value: unknown, where: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new MalformedRequest(`${where} must be an array`);
  return value;
}

const snakeCase = new Map<string, string>();
const hasOwn = (object: Obj, key: string) => Object.prototype.hasOwnProperty.call(object, key);

/**
 * A field that was sent: an own property, as a decoded protobuf message's defaults are its
 * prototype's (so a oneof's unset members and an absent parent id read as not sent). Names in
 * OTLP/JSON are lowerCamelCase; proto3's JSON mapping also accepts the original snake_case.
 */
function field(object: Obj, camel: string): unknown {
  if (hasOwn(object, camel)) return object[camel];
  let snake = snakeCase.get(camel);
  if (snake === undefined)
    snakeCase.set(camel, (snake = camel.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)));
  return hasOwn(object, snake) ? object[snake] : undefined;
}

/** A 64-bit integer sent as a number or a decimal string (OTLP/JSON), or a Long (protobuf). */
function int64(value: unknown): bigint | null {
  if (typeof value === 'number')
    return Number.isSafeInteger(value) ? BigInt(value) : Number.isFinite(value) ? BigInt(Math.trunc(value)) : null;
  if (typeof value === 'string' && /^-?\d{1,20}$/.test(value)) return BigInt(value);
  if (isObject(value) && typeof value.low === 'number' && typeof value.high === 'number') {
    // A Long (protobufjs): its two 32-bit halves, signed unless it says otherwise.
    const bits = (BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0);
    return value.unsigned === true ? bits : BigInt.asIntN(64, bits);
  }
  return null;
}

function floatValue(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  return null;
}

export function anyValue(value: unknown, depth = 0): AttributeValue {
  if (!isObject(value) || depth > 8) return null;
  const string = field(value, 'stringValue');
  if (typeof string === 'string') return string;
  const bool = field(value, 'boolValue');
  if (typeof bool === 'boolean') return bool;
  const int = field(value, 'intValue');
  if (int !== undefined) {
    const parsed = int64(int);
    return parsed === null ? null : Number(parsed);
  }
  const double = field(value, 'doubleValue');
  if (double !== undefined) return floatValue(double);
  const array = field(value, 'arrayValue');
  if (isObject(array)) return list(array.values, 'arrayValue.values').map((item) => anyValue(item, depth + 1));
  const kvlist = field(value, 'kvlistValue');
  if (isObject(kvlist)) return keyValues(kvlist.values, depth + 1);
  const bytes = field(value, 'bytesValue');
  if (Buffer.isBuffer(bytes)) return bytes.toString('base64');
  if (typeof bytes === 'string') return bytes;
  return null;
}

function keyValues(values: unknown, depth = 0, keep?: (key: string) => boolean): Attributes {
  const attributes: Attributes = {};
  for (const item of list(values, 'attributes')) {
    if (!isObject(item) || typeof item.key !== 'string')
      throw new MalformedRequest('every attribute must be an object with a string key');
    if (keep && !keep(item.key)) continue;
    attributes[item.key] = anyValue(item.value, depth);
  }
  return attributes;
}

const HEX = /^[0-9a-fA-F]+$/;

/** Ids: bytes from protobuf, lowercase or uppercase hex from OTLP/JSON. Empty and all-zero ids are no id. */
function hexId(value: unknown, bytes: number): string | null | undefined {
  let hex: string;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) {
    if (value.length === 0) return null;
    if (value.length !== bytes) return undefined;
    hex = (Buffer.isBuffer(value) ? value : Buffer.from(value)).toString('hex');
  } else if (typeof value === 'string') {
    if (value === '') return null;
    if (value.length !== bytes * 2 || !HEX.test(value)) return undefined;
    hex = value.toLowerCase();
  } else if (value === undefined || value === null) {
    return null;
  } else {
    return undefined;
  }
  return /^0+$/.test(hex) ? null : hex;
}

const nanosToMs = (nanos: bigint) => Number(nanos / 1_000_000n);

/**
 * Reads an ExportTraceServiceRequest, decoded from protobuf or parsed from OTLP/JSON, into spans.
 * A body of the wrong shape is refused whole (MalformedRequest); a span that cannot be used (bad
 * ids, no times) is left out and counted, as partial_success reports.
 */
export function readExportRequest(
  body: unknown,
  keepAttribute: (key: string) => boolean,
  resourceKeys: readonly string[]
): ParsedRequest {
  if (!isObject(body)) throw new MalformedRequest('the body must be an ExportTraceServiceRequest object');
  const spans: ReceivedSpan[] = [];
  const rejected: ParsedRequest['rejected'] = [];
  let spanIndex = 0;
  for (const resourceSpans of list(field(body, 'resourceSpans'), 'resourceSpans')) {
    if (!isObject(resourceSpans)) throw new MalformedRequest('resourceSpans must hold objects');
    const resourceObject = field(resourceSpans, 'resource');
    const resource = isObject(resourceObject)
      ? keyValues(resourceObject.attributes, 0, (key) => resourceKeys.includes(key))
      : {};
    for (const scopeSpans of list(field(resourceSpans, 'scopeSpans'), 'scopeSpans')) {
      if (!isObject(scopeSpans)) throw new MalformedRequest('scopeSpans must hold objects');
      for (const span of list(scopeSpans.spans, 'spans')) {
        if (!isObject(span)) throw new MalformedRequest('spans must hold objects');
        const reason = readSpan(span, resource, keepAttribute, spans);
        if (reason) rejected.push({ spanIndex, reason });
        spanIndex += 1;
      }
    }
  }
  return { spans, rejected };
}

/** Adds the span to `spans`, or says why it cannot be used. */
function readSpan(
  span: Obj,
  resource: Attributes,
  keepAttribute: (key: string) => boolean,
  spans: ReceivedSpan[]
): string | null {
  const traceId = hexId(field(span, 'traceId'), 16);
  const spanId = hexId(field(span, 'spanId'), 8);
  const parentSpanId = hexId(field(span, 'parentSpanId'), 8);
  if (!traceId) return 'traceId must be 16 bytes (32 hex digits), not all zero';
  if (!spanId) return 'spanId must be 8 bytes (16 hex digits), not all zero';
  if (parentSpanId === undefined) return 'parentSpanId must be 8 bytes (16 hex digits) or empty';
  if (parentSpanId === spanId) return 'a span cannot be its own parent';
  const name = span.name;
  if (typeof name !== 'string' || name === '') return 'name must be a non-empty string';
  const start = int64(field(span, 'startTimeUnixNano'));
  const end = int64(field(span, 'endTimeUnixNano'));
  if (start === null || start <= 0n) return 'startTimeUnixNano must be set';
  if (end === null || end <= 0n) return 'endTimeUnixNano must be set (only ended spans are exported)';
  if (end < start) return 'endTimeUnixNano is before startTimeUnixNano';
  const status = field(span, 'status');
  const statusCode = isObject(status) ? Number(int64(status.code) ?? 0n) : 0;
  const statusMessage =
    isObject(status) && typeof status.message === 'string' && status.message !== '' ? status.message : null;
  let exception: ReceivedSpan['exception'] = null;
  for (const event of list(span.events, 'events')) {
    if (!isObject(event) || event.name !== 'exception') continue;
    const attributes = keyValues(event.attributes);
    const text = (key: string) => (typeof attributes[key] === 'string' ? (attributes[key] as string) : null);
    exception = { type: text('exception.type'), message: text('exception.message') };
    break;
  }
  spans.push({
    traceId,
    spanId,
    parentSpanId,
    name,
    startMs: nanosToMs(start),
    endMs: nanosToMs(end),
    statusCode,
    statusMessage,
    attributes: keyValues(field(span, 'attributes'), 0, keepAttribute),
    resource,
    exception,
  });
  return null;
}
