import type { IncomingHttpHeaders } from 'node:http';
import { BlockList, isIP } from 'node:net';
import { StrongroomError } from '../errors';

/** `::ffff:a.b.c.d` (an IPv4 peer on a dual-stack socket) is the IPv4 address it carries. */
export function plainAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

/**
 * Which peers may tell us who the client is. A proxy's forwarding headers are believed only when the
 * connection itself comes from an address the owner listed; from anyone else they are ignored,
 * because any client can send them (and would otherwise pick its own log entry and dodge the per-IP
 * limit).
 */
export class TrustedProxies {
  private readonly list = new BlockList();
  readonly size: number;

  /** Addresses (`127.0.0.1`, `::1`) or networks (`10.0.0.0/8`, `fd00::/8`). */
  constructor(entries: readonly string[] = []) {
    for (const entry of entries) {
      const [address = '', bits, extra] = entry.trim().split('/');
      const version = isIP(address);
      const prefix = bits === undefined ? null : Number(bits);
      const max = version === 6 ? 128 : 32;
      if (version === 0 || extra !== undefined || (prefix !== null && (!/^\d{1,3}$/.test(bits!) || prefix > max))) {
        throw new StrongroomError('INVALID_ARGUMENT', `"${entry}" is not an IP address or network (e.g. 127.0.0.1, 10.0.0.0/8)`);
      }
      const type = version === 6 ? 'ipv6' : 'ipv4';
      if (prefix === null) this.list.addAddress(address, type);
      else this.list.addSubnet(address, prefix, type);
    }
    this.size = entries.length;
  }

  trusts(address: string): boolean {
    const version = isIP(address);
    return version !== 0 && this.list.check(address, version === 6 ? 'ipv6' : 'ipv4');
  }
}

/** One `for=` value of a Forwarded element: quotes, brackets and a port removed; null if not an address. */
function forwardedFor(element: string): string | null {
  for (const pair of element.split(';')) {
    const eq = pair.indexOf('=');
    if (eq === -1 || pair.slice(0, eq).trim().toLowerCase() !== 'for') continue;
    let value = pair.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
    const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
    if (bracketed) value = bracketed[1]!;
    else if (/^[\d.]+:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(':'));
    return isIP(value) === 0 ? null : plainAddress(value);
  }
  return null;
}

/** The hops a proxy chain reports, nearest the client first; null marks a hop given as no address. */
function reportedHops(headers: IncomingHttpHeaders): (string | null)[] {
  const joined = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(',') : (value ?? ''));
  const forwarded = joined(headers.forwarded);
  if (forwarded) return forwarded.split(',').map(forwardedFor);
  const xff = joined(headers['x-forwarded-for']);
  if (!xff) return [];
  return xff.split(',').map((hop) => {
    const value = hop.trim();
    return isIP(value) === 0 ? null : plainAddress(value);
  });
}

/**
 * The client's address for the log and the per-IP limits. Starting from the socket's peer, each hop
 * that is a trusted proxy hands over to the address it reports (`Forwarded` if present, else
 * `X-Forwarded-For`), read from the right (the hop nearest us) leftwards; the first untrusted address
 * is the client. An unparseable hop stops the walk at the last address we could believe.
 */
export function clientAddress(
  peer: string | undefined,
  headers: IncomingHttpHeaders,
  trusted: TrustedProxies,
): string {
  let address = plainAddress(peer ?? '');
  if (trusted.size === 0 || !trusted.trusts(address)) return address;
  const hops = reportedHops(headers);
  for (let i = hops.length - 1; i >= 0; i -= 1) {
    const hop = hops[i];
    if (hop === null || hop === undefined) return address;
    address = hop;
    if (!trusted.trusts(address)) return address;
  }
  return address;
}
