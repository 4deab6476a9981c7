import { fork } from 'node:child_process';
import path from 'node:path';

/** What an API process started by `startApiProcess` is given (bench/api-process-child.ts). */
export interface ApiProcessStart {
  databaseUrl: string;
  token: string;
  /** Set the process's clock to the dataset's activity end (bench/pages.ts, `clockAtActivityEnd`). */
  atActivityEnd?: boolean;
}

/** A garbage collection that paused the API process's main thread: when (epoch ms) and for how long. */
export interface GcPause {
  at: number;
  ms: number;
}

/** The statements an API process ran, the CPU time it used and its GC pauses since the last take. */
export interface ApiProcessTake {
  statements: Record<string, number>;
  cpuMs: number;
  gcPauses: GcPause[];
}

/** The API in a process of its own, on the database it was given. */
export interface ApiProcess {
  url: string;
  /** The process's now: the real time, or the dataset's activity end run on from when it started. */
  now(): Promise<Date>;
  take(): Promise<ApiProcessTake>;
  stop(): Promise<void>;
}

export function startApiProcess(start: ApiProcessStart): Promise<ApiProcess> {
  return new Promise((resolve, reject) => {
    // No inherited flags: a --cpu-prof run profiles the bench's own process, not this one.
    const child = fork(path.join(__dirname, 'api-process-child.js'), [], { execArgv: [] });
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`an API process exited with ${code} before listening`)));
    const ask = <T>(message: 'take' | 'now') =>
      new Promise<T>((answered) => (child.once('message', answered), child.send(message)));
    child.once('message', ({ url }: { url: string }) =>
      resolve({
        url,
        now: async () => new Date(await ask<number>('now')),
        take: () => ask<ApiProcessTake>('take'),
        stop: async () => {
          child.send('stop');
          await exited;
        },
      })
    );
    child.send(start);
  });
}
