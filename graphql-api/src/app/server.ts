import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import cors from 'cors';
import express, { ErrorRequestHandler } from 'express';
import { GraphQLError } from 'graphql';
import { RequestContext } from './context';
import { Loaders } from '../common/loaders';
import { VERSION } from '../version';
import { isUnavailable } from '../db/errors';
import { graphqlMetricsPlugin } from '../telemetry/graphql-plugin';
import { httpMetrics } from '../telemetry/http-metrics';
import { Limits } from '../config/config';
import { otlpTracesRoute } from '../otlp/otlp.route';
import { formatError, unavailable } from './errors';
import { requestCostPlugin } from './request-cost';
import { requestLog } from './request-log';
import { createSchema } from './schema';
import { AppServices } from './services';
import { StatsService } from '../stats/stats.service';
import { authenticateRequest } from '../auth/request-auth';

// /ready answers within this even when the database drops packets.
const READY_TIMEOUT_MS = 2000;

/** Whether the database answers; never says where it is or why not (/ready needs no token). */
async function databaseCheck(services: AppServices): Promise<{ ok: boolean; ms: number }> {
  const started = performance.now();
  const ok = await services.database.answers(READY_TIMEOUT_MS);
  return { ok, ms: Math.round(performance.now() - started) };
}

function errorBody(message: string, code: string) {
  return { errors: [{ message, extensions: { code } }] };
}

/**
 * Every error outside GraphQL (body too large, not JSON, an unsupported charset or encoding, a
 * broken gzip stream, anything unexpected) answered as a coded GraphQL error in JSON, never as
 * Express's HTML page and never with a stack trace.
 */
const httpErrors: ErrorRequestHandler = (
  error: { status?: number; statusCode?: number; expose?: boolean; message: string },
  _req,
  res,
  _next
) => {
  const status = error.status ?? error.statusCode ?? 500;
  if (status >= 500 || !error.expose) {
    res.status(status >= 400 ? status : 500).json(errorBody('Internal server error', 'INTERNAL_SERVER_ERROR'));
    return;
  }
  const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'BAD_REQUEST';
  res.status(status).json(errorBody(error.message, code));
};

/**
 * A POST must be JSON (anything else would reach Apollo unparsed), and the query document at
 * most QUERY_MAX_BYTES: the body may be large for a batch of events, the document need not be.
 */
function documentLimits(limits: Limits): express.RequestHandler {
  return (req, res, next) => {
    if (req.method === 'POST' && !req.is('application/json')) {
      res.status(415).json(errorBody('POST a JSON body with content-type application/json', 'UNSUPPORTED_MEDIA_TYPE'));
      return;
    }
    const query: unknown = req.method === 'POST' ? req.body?.query : req.query.query;
    if (typeof query === 'string' && Buffer.byteLength(query) > limits.queryMaxBytes) {
      res
        .status(413)
        .json(
          errorBody(`The query document is over ${limits.queryMaxBytes} bytes (QUERY_MAX_BYTES)`, 'PAYLOAD_TOO_LARGE')
        );
      return;
    }
    next();
  };
}

export interface RunningServer {
  httpServer: http.Server;
  url: string;
  close(): Promise<void>;
}

/** The HTTP app: /graphql (GET for queries, POST for all), /v1/traces (OTLP), /health, /ready and /metrics. */
export async function startServer(services: AppServices, port: number, host: string): Promise<RunningServer> {
  const app = express();
  const httpServer = http.createServer(app);
  const { limits } = services.config;
  // The client address that failed authentications are counted against (authenticateRequest).
  app.set('trust proxy', limits.trustProxy);
  // Depth from graphql-armor, and no field suggestions when the schema is not public; cost,
  // aliases and batches from request-cost.ts, which counts what the resolvers really do.
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth },
    blockFieldSuggestion: { enabled: !limits.introspection },
    costLimit: { enabled: false },
    maxAliases: { enabled: false },
    // Its Apollo plugin parses in a hook where any error (a plain syntax error too) becomes a
    // 500; graphql-js's own token limit (parseOptions) fails the parse itself, answered 400.
    maxTokens: { enabled: false },
  }).protect();
  const apollo = new ApolloServer<RequestContext>({
    schema: await createSchema(),
    formatError: (formatted, error) => formatError(formatted, error, limits.introspection),
    validationRules: armor.validationRules,
    parseOptions: { maxTokens: limits.queryMaxTokens },
    // Every request must carry a bearer token, which browsers never attach on their own, so
    // cross-site requests cannot act for a user; GET queries work without a preflight header.
    csrfPrevention: false,
    introspection: limits.introspection,
    // main.ts stops the whole process on SIGTERM/SIGINT (drain, then close the database); Apollo's
    // own handlers would stop it first and re-send the signal, killing the process mid-drain.
    stopOnTerminationSignals: false,
    plugins: [
      ...armor.plugins,
      requestCostPlugin(limits),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // No cache hints are set, and the plugin would time every field of every answer.
      ApolloServerPluginCacheControlDisabled(),
      graphqlMetricsPlugin(services.metrics),
      {
        async requestDidStart() {
          return {
            async didEncounterErrors({ errors }) {
              for (const error of errors) {
                if (!(error.originalError instanceof GraphQLError) && error.originalError) {
                  services.logger.error({ err: error.originalError, path: error.path }, 'resolver failed');
                }
              }
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  app.use(requestLog(services.logger), httpMetrics(services.metrics));
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', version: VERSION, uptimeSeconds: Math.round(process.uptime()) });
  });
  app.get('/ready', async (_req, res) => {
    const database = await databaseCheck(services);
    res.status(database.ok ? 200 : 503).json({ status: database.ok ? 'ready' : 'unavailable', database });
  });
  // Open like /health: it shows counts, never records; keep it off public networks.
  app.get('/metrics', async (_req, res) => {
    await services.stateGauges.refresh();
    res.type(services.metrics.registry.contentType).send(await services.metrics.registry.metrics());
  });
  // OTLP/HTTP traces: OTEL_EXPORTER_OTLP_ENDPOINT=<this API> sends here.
  app.post('/v1/traces', otlpTracesRoute(services));
  app.use(
    '/graphql',
    // Closed unless CORS_ORIGINS names the browser origins that may call the API.
    cors({
      origin: limits.corsOrigins.length > 0 ? limits.corsOrigins : false,
      allowedHeaders: ['authorization', 'content-type', 'x-request-id'],
    }),
    express.json({ limit: limits.bodyMaxBytes }),
    documentLimits(limits),
    expressMiddleware(apollo, {
      context: async ({ req }): Promise<RequestContext> => {
        const deadline = Date.now() + limits.requestTimeoutMs;
        if (!services.database.isConnected) throw unavailable();
        let principal;
        try {
          principal = await authenticateRequest(services, req);
        } catch (error) {
          throw isUnavailable(error) ? unavailable() : error;
        }
        return {
          services,
          principal,
          loaders: new Loaders(services.readSource),
          stats: new StatsService(services.readSource, services.config.minuteRollupDays),
          deadline,
        };
      },
    })
  );
  app.use((_req, res) => {
    res
      .status(404)
      .json(errorBody('Not found: the API answers /graphql, /v1/traces, /health, /ready and /metrics', 'NOT_FOUND'));
  });
  app.use(httpErrors);

  await new Promise<void>((resolve) => httpServer.listen(port, host, resolve));
  const address = httpServer.address() as { port: number };
  return {
    httpServer,
    url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${address.port}`,
    close: async () => {
      await apollo.stop();
      await services.rateLimit.close();
    },
  };
}
