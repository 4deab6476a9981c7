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
import { formatError, unavailable } from './errors';
import { requestLog } from './request-log';
import { createSchema } from './schema';
import { AppServices } from './services';

async function databaseCheck(services: AppServices): Promise<{ ok: boolean; ms: number; error?: string }> {
  const started = performance.now();
  if (!services.database.isConnected) return { ok: false, ms: 0, error: 'not connected yet; retrying in the background' };
  try {
    // Ready only when both answer: the replica, if any, serves every statistic.
    for (const source of new Set([services.dataSource, services.readSource])) await source.query('SELECT 1');
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, ms: Math.round(performance.now() - started), error: (error as Error).message };
  }
}

/** Body errors (too large, not JSON) answered as GraphQL errors rather than Express's HTML page. */
const bodyErrors: ErrorRequestHandler = (error: { type?: string; status?: number; message: string }, _req, res, next) => {
  const codes: Record<string, string> = { 'entity.too.large': 'PAYLOAD_TOO_LARGE', 'entity.parse.failed': 'BAD_REQUEST', 'encoding.unsupported': 'BAD_REQUEST' };
  const code = error.type ? codes[error.type] : undefined;
  if (!code) return next(error);
  res.status(error.status ?? 400).json({ errors: [{ message: error.message, extensions: { code } }] });
};

export interface RunningServer {
  httpServer: http.Server;
  url: string;
  close(): Promise<void>;
}

/** The HTTP app: /graphql (GET for queries, POST for all), /health, /ready and /metrics. */
export async function startServer(services: AppServices, port: number, host: string): Promise<RunningServer> {
  const app = express();
  const httpServer = http.createServer(app);
  const { limits } = services.config;
  // Depth, cost and alias limits, and no field suggestions when the schema is not public.
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth },
    costLimit: { maxCost: limits.maxCost },
    maxAliases: { n: limits.maxAliases },
    blockFieldSuggestion: { enabled: !limits.introspection },
    // Its Apollo plugin answers a syntax error with HTTP 500; BODY_MAX_BYTES bounds documents anyway.
    maxTokens: { enabled: false },
  }).protect();
  const apollo = new ApolloServer<RequestContext>({
    schema: await createSchema(),
    formatError,
    validationRules: armor.validationRules,
    // Every request must carry a bearer token, which browsers never attach on their own, so
    // cross-site requests cannot act for a user; GET queries work without a preflight header.
    csrfPrevention: false,
    introspection: limits.introspection,
    // main.ts stops the whole process on SIGTERM/SIGINT (drain, then close the database); Apollo's
    // own handlers would stop it first and re-send the signal, killing the process mid-drain.
    stopOnTerminationSignals: false,
    plugins: [
      ...armor.plugins,
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
  app.use(
    '/graphql',
    // Closed unless CORS_ORIGINS names the browser origins that may call the API.
    cors({ origin: limits.corsOrigins.length > 0 ? limits.corsOrigins : false, allowedHeaders: ['authorization', 'content-type', 'x-request-id'] }),
    express.json({ limit: limits.bodyMaxBytes }),
    bodyErrors,
    expressMiddleware(apollo, {
      context: async ({ req }): Promise<RequestContext> => {
        if (!services.database.isConnected) throw unavailable();
        let principal;
        try {
          principal = await services.auth.authenticate(req.headers.authorization);
        } catch (error) {
          throw isUnavailable(error) ? unavailable() : error;
        }
        await services.rateLimit.consume(principal.keyId === null ? 'admin-token' : `key:${principal.keyId}`);
        return { services, principal, loaders: new Loaders(services.readSource) };
      },
    }),
  );

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
