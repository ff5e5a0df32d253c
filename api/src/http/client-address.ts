import { BlockList, isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { MiddlewareHandler } from 'hono';

declare module 'hono' {
  interface ContextVariableMap {
    clientIp: string | null;
  }
}

/**
 * Parses TRUSTED_PROXIES: addresses or CIDR ranges of the load balancers in front of the portal.
 * Throws with the entry that is wrong, so config.ts can name it.
 */
export function parseTrustedProxies(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const raw of entries) {
    const entry = raw.trim();
    const [address, prefix, ...rest] = entry.split('/');
    const family = isIP(address ?? '');
    if (!family || rest.length > 0) throw new Error(`"${entry}" is not an IP address or CIDR range`);
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) {
      list.addAddress(address!, type);
      continue;
    }
    const bits = Number(prefix);
    if (!/^[0-9]{1,3}$/.test(prefix) || bits > (family === 6 ? 128 : 32)) throw new Error(`"${entry}" has an invalid prefix length`);
    list.addSubnet(address!, bits, type);
  }
  return list;
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  if (!family) return false;
  if (list.check(address, family === 6 ? 'ipv6' : 'ipv4')) return true;
  // An IPv4 peer on a dual-stack socket shows as ::ffff:a.b.c.d.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? list.check(mapped[1]!, 'ipv4') : false;
}

/**
 * The address a request comes from, for throttling and the access log. X-Forwarded-For is read
 * only when the connection comes from a configured proxy, and then from the right: the first
 * address not a trusted proxy is the client (what is further left, the client wrote itself).
 */
export function clientAddress(trustedProxies: readonly string[] = []): MiddlewareHandler {
  const trusted = parseTrustedProxies(trustedProxies);
  return async (c, next) => {
    let peer: string | null = null;
    try {
      peer = getConnInfo(c).remote.address ?? null;
    } catch {
      peer = null; // app.request() in tests has no socket
    }
    let client = peer;
    if (peer && trustedProxies.length > 0 && isTrusted(trusted, peer)) {
      const hops = (c.req.header('x-forwarded-for') ?? '')
        .split(',')
        .map((hop) => hop.trim())
        .filter(Boolean);
      for (let i = hops.length - 1; i >= 0; i--) {
        const hop = hops[i]!;
        if (!isIP(hop)) break; // garbage: keep the last address we could trust
        client = hop;
        if (!isTrusted(trusted, hop)) break;
      }
    }
    c.set('clientIp', client);
    await next();
  };
}
