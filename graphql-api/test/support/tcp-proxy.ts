import net from 'node:net';

/** A loopback port nobody listens on right now (the kernel's pick, released at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * A TCP forwarder on a fixed loopback port, to a target such as MariaDB on 127.0.0.1:3306, that
 * can be switched off and on: off, the port refuses connections and every open one is cut, as
 * when the database goes down; on again, it forwards new connections, as when it comes back.
 */
export class TcpProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  /** Connections forwarded since creation, to tell that clients really came through. */
  connections = 0;
  /** While true, bytes are swallowed both ways and connections stay open: a network dropping packets. */
  private silent = false;

  constructor(
    readonly port: number,
    readonly target: { host: string; port: number } = { host: '127.0.0.1', port: 3306 }
  ) {}

  get listening(): boolean {
    return this.server?.listening ?? false;
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = net.createServer((client) => {
      this.connections += 1;
      const upstream = net.connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.once('close', () => this.sockets.delete(socket));
        // Either side failing ends both, as a dropped link would.
        socket.once('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.on('data', (chunk) => this.silent || upstream.write(chunk));
      upstream.on('data', (chunk) => this.silent || client.write(chunk));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
  }

  /** From now on forwards nothing and answers nothing, on open and new connections alike, until stop(). */
  silence(): void {
    this.silent = true;
  }

  /** Stops listening and cuts every forwarded connection. */
  async stop(): Promise<void> {
    this.silent = false;
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
