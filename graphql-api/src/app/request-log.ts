import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { Logger } from 'pino';
import pinoHttp from 'pino-http';

/** A caller's x-request-id is kept only if it looks like an id; anything else is replaced. */
const REQUEST_ID = /^[\w.:@/+=-]{1,128}$/;
/** Probes and scrapes succeed every few seconds: logged at debug, so info shows real traffic. */
const QUIET_PATHS = new Set(['/health', '/ready', '/metrics']);

const pathOf = (req: IncomingMessage) => (req.url ?? '').split('?')[0];

/**
 * One JSON log line per request, with a request id that is returned in x-request-id. Only the
 * path is logged: query strings may carry GraphQL variables, and headers the bearer token.
 */
export function requestLog(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId(req, res) {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    customLogLevel(req, res, error) {
      if (error || res.statusCode >= 500) return 'error';
      if (res.statusCode >= 400) return 'warn';
      return QUIET_PATHS.has(pathOf(req)) ? 'debug' : 'info';
    },
    serializers: {
      req: (req: { id: string; method: string; raw: IncomingMessage }) => ({
        id: req.id,
        method: req.method,
        path: pathOf(req.raw),
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
}
