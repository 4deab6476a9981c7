import { Logger } from 'pino';

/**
 * Runs `task` now and then every `everyMs` in the background (not keeping the process alive);
 * a failure is logged and the next run tries again. Returns the function that stops it.
 */
export function runPeriodically(task: () => Promise<void>, everyMs: number, logger: Logger, what: string): () => void {
  const run = () => task().catch((error: Error) => logger.warn({ err: error }, `${what} failed`));
  void run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
