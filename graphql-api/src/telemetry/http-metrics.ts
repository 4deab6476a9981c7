import { RequestHandler } from 'express';
import { OTHER } from './label-cap';
import { Metrics } from './prometheus';

// Fixed sets, so that probing random paths or methods adds no series.
const ROUTES = new Set(['/graphql', '/health', '/ready', '/metrics']);
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Counts and times every HTTP request once its response is sent (or the client gave up). */
export function httpMetrics(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    // Read before routing: a mounted router rewrites req.path while it runs.
    const labels = {
      method: METHODS.has(req.method) ? req.method : OTHER,
      route: ROUTES.has(req.path) ? req.path : OTHER,
    };
    res.once('close', () => {
      metrics.httpRequests.inc({ ...labels, code: res.writableFinished ? String(res.statusCode) : 'aborted' });
      metrics.httpSeconds.observe(labels, (performance.now() - started) / 1000);
    });
    next();
  };
}
