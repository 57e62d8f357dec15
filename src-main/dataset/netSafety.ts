import net from 'node:net';

/**
 * Which network addresses a URL import may reach. By default only public unicast addresses: an
 * image list handed to someone must not make their computer fetch from itself or their private
 * network (CVE-2023-47116 in a peer). Addresses are judged in every spelling a URL parser or a
 * resolver accepts: `127.1`, `2130706433`, `0x7f.1`, `017700000001`, `[::ffff:127.0.0.1]`, `0`.
 */

export type AddressCategory =
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'unique-local'
  | 'shared (carrier-grade NAT)'
  | 'multicast'
  | 'unspecified'
  | 'broadcast'
  | 'reserved'
  | 'documentation'
  | 'IPv4-mapped IPv6'
  | 'IPv6 tunnel';

/** Null when the address is public; otherwise the kind of address it is. */
export type AddressVerdict = AddressCategory | null;

/**
 * Parse an IPv4 address in any form `inet_aton` and the WHATWG URL parser accept: one to four
 * parts, each decimal, hex (`0x`) or octal (leading `0`), the last part filling the remaining
 * bytes. Returns the address as an unsigned 32-bit number, or null when `s` is not one.
 */
export function parseIPv4(s: string): number | null {
  let parts = s.split('.');
  if (parts.length > 1 && parts[parts.length - 1] === '') parts = parts.slice(0, -1); // "127.0.0.1."
  if (parts.length < 1 || parts.length > 4) return null;
  const nums: number[] = [];
  for (const p of parts) {
    let n: number;
    if (/^0[xX][0-9a-fA-F]*$/.test(p)) n = p.length === 2 ? 0 : parseInt(p.slice(2), 16);
    else if (/^0[0-7]+$/.test(p)) n = parseInt(p.slice(1), 8);
    else if (/^(0|[1-9][0-9]*)$/.test(p)) n = parseInt(p, 10);
    else return null;
    if (!Number.isFinite(n)) return null;
    nums.push(n);
  }
  const last = nums[nums.length - 1]!;
  const head = nums.slice(0, -1);
  if (head.some((n) => n > 255)) return null;
  if (last >= 256 ** (5 - nums.length)) return null;
  let v = 0;
  head.forEach((n, i) => (v += n * 256 ** (3 - i)));
  return v + last;
}

export function ipv4ToString(v: number): string {
  return [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.');
}

/** Parse an IPv6 address (optionally in brackets, with a zone id) into eight 16-bit groups. */
export function parseIPv6(input: string): number[] | null {
  let s = input.startsWith('[') && input.endsWith(']') ? input.slice(1, -1) : input;
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (!net.isIPv6(s)) return null;
  // An embedded dotted IPv4 tail ("::ffff:127.0.0.1") becomes two groups.
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted) {
    const v4 = parseIPv4(dotted[2]!);
    if (v4 === null) return null;
    s = `${dotted[1]}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [left, right] = s.includes('::') ? s.split('::') : [s, undefined];
  const l = left ? left.split(':') : [];
  const r = right ? right.split(':') : [];
  const fill = right === undefined ? 0 : 8 - l.length - r.length;
  const groups = [...l, ...Array<string>(fill).fill('0'), ...r].map((g) => parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => g >= 0 && g <= 0xffff) ? groups : null;
}

function inV4(v: number, base: string, bits: number): boolean {
  const b = parseIPv4(base)!;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return ((v & mask) >>> 0) === ((b & mask) >>> 0);
}

/** The kind of a non-public IPv4 address, or null for a public one. */
export function classifyIPv4(v: number): AddressVerdict {
  if (v === 0xffffffff) return 'broadcast';
  const table: [string, number, AddressCategory][] = [
    ['0.0.0.0', 8, 'unspecified'],
    ['10.0.0.0', 8, 'private'],
    ['100.64.0.0', 10, 'shared (carrier-grade NAT)'],
    ['127.0.0.0', 8, 'loopback'],
    ['169.254.0.0', 16, 'link-local'],
    ['172.16.0.0', 12, 'private'],
    ['192.0.0.0', 24, 'reserved'],
    ['192.0.2.0', 24, 'documentation'],
    ['192.88.99.0', 24, 'reserved'],
    ['192.168.0.0', 16, 'private'],
    ['198.18.0.0', 15, 'reserved'],
    ['198.51.100.0', 24, 'documentation'],
    ['203.0.113.0', 24, 'documentation'],
    ['224.0.0.0', 4, 'multicast'],
    ['240.0.0.0', 4, 'reserved'],
  ];
  for (const [base, bits, cat] of table) if (inV4(v, base, bits)) return cat;
  return null;
}

/** The kind of a non-public IPv6 address (given as eight groups), or null for a public one. */
export function classifyIPv6(g: number[]): AddressVerdict {
  const [g0, g1, g2, g3, g4, g5, g6, g7] = g as [number, number, number, number, number, number, number, number];
  const v4tail = ((g6 << 16) | g7) >>> 0;
  const zeroTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroTo(8)) return 'unspecified';
  if (zeroTo(7) && g7 === 1) return 'loopback';
  if (zeroTo(5) && g5 === 0xffff) return 'IPv4-mapped IPv6'; // ::ffff:a.b.c.d
  if (zeroTo(4) && g4 === 0xffff && g5 === 0) return 'IPv4-mapped IPv6'; // ::ffff:0:a.b.c.d (SIIT)
  if (zeroTo(6)) return 'IPv4-mapped IPv6'; // deprecated IPv4-compatible ::a.b.c.d
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return classifyIPv4(v4tail); // NAT64
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 1) return 'private'; // local-use NAT64
  if (g0 === 0x0100 && g1 === 0 && g2 === 0 && g3 === 0) return 'reserved'; // discard-only
  if (g0 === 0x2001 && g1 === 0) return 'IPv6 tunnel'; // Teredo hides the real address
  if (g0 === 0x2001 && g1 === 0x0db8) return 'documentation';
  if (g0 === 0x2002) return classifyIPv4(((g1 << 16) | g2) >>> 0); // 6to4 carries an IPv4 address
  if ((g0 & 0xfe00) === 0xfc00) return 'unique-local';
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local';
  if ((g0 & 0xffc0) === 0xfec0) return 'private'; // deprecated site-local
  if ((g0 & 0xff00) === 0xff00) return 'multicast';
  return null;
}

/**
 * Judge a host as it appears in a URL or as a resolver returned it. `ip` is the canonical
 * address when the host is an address literal in any spelling; `verdict` says whether it is
 * refused. A name that is not an address gets `ip: null` and is judged after resolution, except
 * `localhost` and its subdomains, which always mean this computer.
 */
export function judgeHost(host: string): { ip: string | null; verdict: AddressVerdict } {
  const h = host.trim().toLowerCase();
  if (h === '') return { ip: null, verdict: 'unspecified' };
  const v6 = h.startsWith('[') || h.includes(':') ? parseIPv6(h) : null;
  if (v6) return { ip: v6.map((x) => x.toString(16)).join(':'), verdict: classifyIPv6(v6) };
  const v4 = parseIPv4(h);
  if (v4 !== null) return { ip: ipv4ToString(v4), verdict: classifyIPv4(v4) };
  const bare = h.endsWith('.') ? h.slice(0, -1) : h;
  if (bare === 'localhost' || bare.endsWith('.localhost')) return { ip: null, verdict: 'loopback' };
  return { ip: null, verdict: null };
}

/** A sentence fragment for a refusal: "127.0.0.1 is a loopback address (this computer)". */
export function describeRefusal(address: string, verdict: AddressCategory): string {
  const what: Record<AddressCategory, string> = {
    loopback: 'a loopback address (this computer)',
    private: 'a private-network address',
    'link-local': 'a link-local address',
    'unique-local': 'a unique-local (private) IPv6 address',
    'shared (carrier-grade NAT)': 'a carrier-grade NAT (shared) address',
    multicast: 'a multicast address',
    unspecified: 'the unspecified address (this computer)',
    broadcast: 'the broadcast address',
    reserved: 'a reserved address',
    documentation: 'a documentation-only address',
    'IPv4-mapped IPv6': 'an IPv4-mapped IPv6 address',
    'IPv6 tunnel': 'an IPv6 tunnel address that hides its real destination',
  };
  return `${address} is ${what[verdict]}`;
}
