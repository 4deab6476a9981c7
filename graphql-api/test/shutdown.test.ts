import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ADMIN_TOKEN } from './support/api';
import { Build, buildApi, runNode, RunningProcess } from './support/process';

/** Sends a request's head and the first part of its body; `finish` sends the rest and reads the answer. */
async function startRequest(base: string, body: string): Promise<{ finish(): Promise<string> }> {
  const { hostname, port } = new URL(base);
  const socket = net.connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let answer = '';
  socket.on('data', (chunk) => (answer += chunk));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const half = Math.floor(body.length / 2);
  socket.write(
    `POST /graphql HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nAuthorization: Bearer ${ADMIN_TOKEN}\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, half)}`
  );
  return {
    async finish() {
      socket.write(body.slice(half));
      await closed;
      return answer;
    },
  };
}

describe('graceful shutdown', () => {
  let build: Build;
  let dir: string;
  let api: RunningProcess | undefined;
  beforeAll(async () => {
    build = await buildApi();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agentmon-shutdown-'));
  });
  afterAll(async () => {
    await api?.stop('SIGKILL');
    build?.remove();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('on SIGTERM stops accepting connections, finishes the request in flight, then exits 0', async () => {
    api = runNode(
      build,
      'dist/main.js',
      [],
      {
        DATABASE_URL: 'sqlite:agentmon.sqlite',
        PORT: '0',
        HOST: '127.0.0.1',
        AGENTMON_ADMIN_TOKEN: ADMIN_TOKEN,
        LOG_LEVEL: 'info',
      },
      dir
    );
    const [, base] = await api.waitFor(/listening on (http:\/\/\S+)\/graphql/);
    for (
      let i = 0;
      i < 100 &&
      (await fetch(`${base}/ready`).then(
        (r) => r.status,
        () => 0
      )) !== 200;
      i++
    )
      await new Promise((r) => setTimeout(r, 100));

    const body = JSON.stringify({
      query:
        'mutation { recordLogin(event: { sessionId: "drain-s1", userId: "drain-u1", at: "2026-11-26T08:00:00Z" }) { id } }',
    });
    const inFlight = await startRequest(base, body);
    await new Promise((resolve) => setTimeout(resolve, 200));
    api.child.kill('SIGTERM');
    await api.waitFor(/shutting down/);
    // New connections are refused while the one in flight is still open.
    let refused = false;
    for (let i = 0; i < 50 && !refused; i++) {
      refused = await fetch(`${base}/health`).then(
        () => false,
        () => true
      );
      if (!refused) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(refused).toBe(true);

    const answer = await inFlight.finish();
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toMatch(/"recordLogin":\{"id":"\d+"\}/);
    expect(await api.exited).toBe(0);
  });
});
