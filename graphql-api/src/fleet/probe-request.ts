import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { ProbeResult } from './service.recorder';

export interface ProbeLimits {
  timeoutMs: number;
  maxBodyBytes: number;
  /** The networks a probe may connect to. */
  allowed: BlockList;
}

/** The allow-list as a BlockList (whose `check` answers "is this address in one of the networks"). */
export function allowedNetworks(cidrs: string[]): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [address, bits] = cidr.split('/');
    list.addSubnet(address, Number(bits), isIP(address) === 6 ? 'ipv6' : 'ipv4');
  }
  return list;
}

function isAllowed(list: BlockList, address: string): boolean {
  // An IPv4 address written as IPv6 (::ffff:10.0.0.1) is checked as the IPv4 address it is.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return list.check(mapped[1], 'ipv4');
  return list.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

const outside = (address: string) => `${address} is outside HEALTH_PROBE_ALLOWED_NETWORKS`;

/**
 * Resolves like dns.lookup, but only to allowed addresses: the check is on the address the
 * socket connects to, so a name that resolves differently later (DNS rebinding) is caught too.
 */
function allowedLookup(list: BlockList): typeof dns.lookup {
  return ((
    hostname: string,
    options: dns.LookupOptions,
    callback: (error: Error | null, address: string | dns.LookupAddress[], family?: number) => void
  ) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '');
      const allowed = addresses.filter((entry) => isAllowed(list, entry.address));
      if (allowed.length === 0)
        return callback(
          new Error(
            `${hostname} resolves to ${addresses.map((entry) => entry.address).join(', ')}, outside HEALTH_PROBE_ALLOWED_NETWORKS`
          ),
          ''
        );
      if (options.all) return callback(null, allowed);
      callback(null, allowed[0].address, allowed[0].family);
    });
  }) as typeof dns.lookup;
}

/**
 * One GET of a health endpoint, made safe because a registered URL steers it: http(s) only,
 * allowed networks only, no redirect followed, at most `maxBodyBytes` read, and over within
 * `timeoutMs` whatever the endpoint does. Never rejects: every failure is a down result with its reason.
 */
export function probeEndpoint(endpoint: string, limits: ProbeLimits): Promise<ProbeResult> {
  const at = new Date();
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let settled = false;
    let statusCode: number | null = null;
    const finish = (up: boolean, error: string | null, answered: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline.timer);
      resolve({ at, up, statusCode, responseMs: answered ? elapsed() : null, error: error?.slice(0, 512) ?? null });
    };
    // Set once the request is under way; early refusals resolve before it exists.
    const deadline: { timer?: NodeJS.Timeout } = {};
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      return finish(false, 'not a valid URL', false);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      return finish(false, `only http and https are probed, not ${url.protocol}`, false);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    // A literal address is connected to without a lookup: check it here.
    if (isIP(host) && !isAllowed(limits.allowed, host)) return finish(false, outside(host), false);
    const client = url.protocol === 'https:' ? https : http;
    const request = client.get(url, {
      agent: false,
      lookup: allowedLookup(limits.allowed),
      headers: { accept: 'application/json, text/plain;q=0.9, */*;q=0.1', 'user-agent': 'agentmon-health-probe' },
    });
    // Whatever the endpoint does (hang, trickle, stream forever), the probe ends here.
    deadline.timer = setTimeout(() => {
      finish(false, `no complete answer within ${limits.timeoutMs} ms`, false);
      request.destroy();
    }, limits.timeoutMs);
    request.on('error', (error) => finish(false, error.message, false));
    request.on('response', (response) => {
      statusCode = response.statusCode ?? null;
      const status = statusCode ?? 0;
      if (status >= 300 && status < 400) {
        const location = response.headers.location;
        finish(false, `redirect (HTTP ${status}${location ? ` to ${location}` : ''}) not followed`, true);
        response.destroy();
        return;
      }
      let bytes = 0;
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > limits.maxBodyBytes) {
          finish(false, `answer longer than ${limits.maxBodyBytes} bytes`, false);
          response.destroy();
        }
      });
      response.on('end', () =>
        finish(status >= 200 && status < 300, status >= 200 && status < 300 ? null : `HTTP ${status}`, true)
      );
      response.on('error', (error) => finish(false, error.message, false));
    });
  });
}
