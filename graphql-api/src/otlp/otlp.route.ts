import express, { Request, RequestHandler, Response } from 'express';
import protobuf from 'protobufjs';
import { GraphQLError } from 'graphql';
import { Logger } from 'pino';
import { Role } from '../auth/api-key.entity';
import { AuthService } from '../auth/auth.service';
import { RateLimit } from '../auth/rate-limit';
import { authenticateRequest } from '../auth/request-auth';
import { ErrorCode } from '../common/errors';
import { Config } from '../config/config';
import { DatabaseConnector } from '../db/connector';
import { isUnavailable } from '../db/errors';
import { decodeExportRequest, ExportTraceServiceResponse, RpcStatus } from './otlp-proto';
import { MalformedRequest } from './otlp-request';
import { OtlpService } from './otlp.service';

/** What the route needs of the API's services. */
export interface OtlpRouteServices {
  config: Config;
  logger: Logger;
  database: DatabaseConnector;
  auth: AuthService;
  rateLimit: RateLimit;
  otlp: OtlpService;
}

type Encoding = 'protobuf' | 'json';
const CONTENT_TYPES: Record<string, Encoding> = { 'application/x-protobuf': 'protobuf', 'application/json': 'json' };
// gRPC status codes, as the OTLP/HTTP specification puts them in an error's Status body.
const GRPC = { INVALID_ARGUMENT: 3, PERMISSION_DENIED: 7, RESOURCE_EXHAUSTED: 8, UNAVAILABLE: 14, UNAUTHENTICATED: 16 };
const RETRY_SECONDS = 1;

/** An answer other than success: its HTTP status, the Status body's code and message, and maybe Retry-After. */
class OtlpFailure extends Error {
  constructor(
    readonly status: number,
    readonly grpcCode: number,
    message: string,
    readonly retryAfterSeconds?: number
  ) {
    super(message);
  }
}

function send(
  res: Response,
  encoding: Encoding,
  status: number,
  message: protobuf.Type,
  body: Record<string, unknown>
): void {
  res.status(status);
  if (encoding === 'protobuf') {
    res.type('application/x-protobuf').send(Buffer.from(message.encode(message.fromObject(body)).finish()));
  } else {
    res.type('application/json').send(JSON.stringify(message.toObject(message.fromObject(body), { longs: String })));
  }
}

function sendFailure(res: Response, encoding: Encoding, failure: OtlpFailure): void {
  if (failure.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(failure.retryAfterSeconds));
  send(res, encoding, failure.status, RpcStatus, { code: failure.grpcCode, message: failure.message });
}

const unavailable = () =>
  new OtlpFailure(503, GRPC.UNAVAILABLE, 'The database is unavailable; nothing was kept. Retry later.', RETRY_SECONDS);

/** The caller, as for GraphQL (authenticateRequest): a key with the INGEST or ADMIN role, within its limits. */
async function authorize(services: OtlpRouteServices, req: Request): Promise<void> {
  if (!services.database.isConnected) throw unavailable();
  let principal;
  try {
    principal = await authenticateRequest(services, req);
  } catch (error) {
    if (isUnavailable(error)) throw unavailable();
    if (!(error instanceof GraphQLError)) throw error;
    if (error.extensions.code !== ErrorCode.RATE_LIMITED)
      throw new OtlpFailure(401, GRPC.UNAUTHENTICATED, error.message);
    const headers = error.extensions.http as { headers?: Map<string, string> } | undefined;
    const seconds = Number(headers?.headers?.get('retry-after') ?? RETRY_SECONDS);
    throw new OtlpFailure(429, GRPC.RESOURCE_EXHAUSTED, error.message, seconds);
  }
  if (principal.role !== Role.INGEST && principal.role !== Role.ADMIN) {
    throw new OtlpFailure(
      403,
      GRPC.PERMISSION_DENIED,
      `Sending traces needs a key with the INGEST role; this key has ${principal.role.toUpperCase()}`
    );
  }
}

/** Reads the body (inflating gzip) within BODY_MAX_BYTES, after the caller is known. */
function readBody(req: Request, res: Response, limit: number): Promise<Buffer> {
  const parse = express.raw({ type: () => true, limit, inflate: true });
  return new Promise((resolve, reject) => {
    parse(req, res, (error?: unknown) => {
      if (!error) return resolve(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
      const { type, message } = error as { type?: string; message: string };
      if (type === 'entity.too.large')
        return reject(
          new OtlpFailure(
            413,
            GRPC.RESOURCE_EXHAUSTED,
            `The body is larger than ${limit} bytes (BODY_MAX_BYTES); send smaller batches`
          )
        );
      if (type === 'encoding.unsupported') return reject(new OtlpFailure(415, GRPC.INVALID_ARGUMENT, message));
      reject(new OtlpFailure(400, GRPC.INVALID_ARGUMENT, `The body could not be read: ${message}`));
    });
  });
}

function decode(body: Buffer, encoding: Encoding): unknown {
  try {
    return encoding === 'protobuf' ? decodeExportRequest(body) : JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new OtlpFailure(
      400,
      GRPC.INVALID_ARGUMENT,
      `The body is not a valid ExportTraceServiceRequest (${encoding}): ${(error as Error).message}`
    );
  }
}

/**
 * POST /v1/traces, as the OTLP/HTTP specification says: protobuf or JSON, optionally gzip; the
 * answer is an ExportTraceServiceResponse in the request's encoding, with partial_success when some
 * spans could not be used, or a Status with the HTTP code exporters act on (429 and 503 with
 * Retry-After are retried).
 */
export function otlpTracesRoute(services: OtlpRouteServices): RequestHandler {
  let exporting = 0;
  return async (req, res) => {
    const mediaType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const encoding = CONTENT_TYPES[mediaType];
    if (!encoding) {
      return sendFailure(
        res,
        'json',
        new OtlpFailure(
          415,
          GRPC.INVALID_ARGUMENT,
          `Content-Type must be application/x-protobuf or application/json, got "${mediaType}"`
        )
      );
    }
    if (exporting >= services.config.otlp.maxConcurrentExports) {
      return sendFailure(
        res,
        encoding,
        new OtlpFailure(503, GRPC.UNAVAILABLE, 'Too many exports at once; retry shortly', RETRY_SECONDS)
      );
    }
    exporting += 1;
    try {
      await authorize(services, req);
      const body = decode(await readBody(req, res, services.config.limits.bodyMaxBytes), encoding);
      let parsed;
      try {
        parsed = services.otlp.parse(body);
      } catch (error) {
        if (error instanceof MalformedRequest)
          throw new OtlpFailure(
            400,
            GRPC.INVALID_ARGUMENT,
            `The body is not a valid ExportTraceServiceRequest: ${error.message}`
          );
        throw error;
      }
      const { rejectedSpans, errorMessage } = await services.otlp.export(parsed);
      send(
        res,
        encoding,
        200,
        ExportTraceServiceResponse,
        rejectedSpans === 0 ? {} : { partialSuccess: { rejectedSpans, errorMessage } }
      );
    } catch (error) {
      if (error instanceof OtlpFailure) return sendFailure(res, encoding, error);
      if (isUnavailable(error)) return sendFailure(res, encoding, unavailable());
      services.logger.error({ err: error }, 'OTLP export failed');
      sendFailure(res, encoding, new OtlpFailure(500, 13, 'Internal server error'));
    } finally {
      exporting -= 1;
    }
  };
}
