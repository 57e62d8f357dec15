import { describe, expect, it } from 'vitest';
import { judgeHost, parseIPv4 } from '../../src-main/dataset/netSafety.js';
import { refuseUrl } from '../../src-main/dataset/safeFetch.js';

/** Hosts exactly as they could appear in a URL list; each must be refused without the opt-in. */
const refused: [string, string][] = [
  ['127.0.0.1', 'loopback'],
  ['127.1', 'loopback'],
  ['127.0.1', 'loopback'],
  ['2130706433', 'loopback'],
  ['0x7f000001', 'loopback'],
  ['0x7f.1', 'loopback'],
  ['0x7F.0.0.1', 'loopback'],
  ['017700000001', 'loopback'],
  ['0177.0.0.1', 'loopback'],
  ['127.0.0.1.', 'loopback'],
  ['localhost', 'loopback'],
  ['LOCALHOST', 'loopback'],
  ['localhost.', 'loopback'],
  ['app.localhost', 'loopback'],
  ['0', 'unspecified'],
  ['0.0.0.0', 'unspecified'],
  ['0x0', 'unspecified'],
  ['[::]', 'unspecified'],
  ['[::1]', 'loopback'],
  ['[0:0:0:0:0:0:0:1]', 'loopback'],
  ['[::ffff:127.0.0.1]', 'IPv4-mapped IPv6'],
  ['[::ffff:7f00:1]', 'IPv4-mapped IPv6'],
  ['[::ffff:8.8.8.8]', 'IPv4-mapped IPv6'],
  ['[0:0:0:0:0:ffff:127.0.0.1]', 'IPv4-mapped IPv6'],
  ['[::127.0.0.1]', 'IPv4-mapped IPv6'],
  ['10.0.0.1', 'private'],
  ['10.255.255.255', 'private'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['192.168.1.20', 'private'],
  ['3232235796', 'private'],
  ['0xc0a80114', 'private'],
  ['169.254.169.254', 'link-local'],
  ['[fe80::1]', 'link-local'],
  ['[fe80::1%25eth0]', 'link-local'],
  ['[fc00::1]', 'unique-local'],
  ['[fd12:3456:789a::1]', 'unique-local'],
  ['100.64.0.1', 'shared (carrier-grade NAT)'],
  ['100.127.255.254', 'shared (carrier-grade NAT)'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['[ff02::1]', 'multicast'],
  ['255.255.255.255', 'broadcast'],
  ['240.0.0.1', 'reserved'],
  ['[64:ff9b::7f00:1]', 'loopback'],
  ['[2002:7f00:1::1]', 'loopback'],
  ['[2002:c0a8:101::1]', 'private'],
  ['[2001:0::1]', 'IPv6 tunnel'],
];

const allowed = ['93.184.216.34', '8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '11.0.0.1', '[2606:4700:4700::1111]', '[2001:4860:4860::8888]', 'example.com', 'images.example.org'];

describe('address classification for URL imports', () => {
  for (const [host, category] of refused) {
    it(`refuses ${host} as ${category}`, () => {
      expect(judgeHost(host).verdict).toBe(category);
    });
  }

  for (const host of allowed) {
    it(`lets ${host} through`, () => {
      expect(judgeHost(host).verdict).toBeNull();
    });
  }

  it('reads every IPv4 spelling as the same address', () => {
    for (const s of ['127.0.0.1', '127.1', '127.0.1', '2130706433', '0x7f000001', '0x7f.1', '017700000001', '0177.0.0.1', '0x7f.0.0.0x1']) {
      expect(parseIPv4(s)).toBe(0x7f000001);
    }
    expect(parseIPv4('256.0.0.1')).toBeNull();
    expect(parseIPv4('1.2.3.4.5')).toBeNull();
    expect(parseIPv4('example.com')).toBeNull();
    expect(parseIPv4('4294967296')).toBeNull();
  });

  it('refuses every spelling once a URL parser has read it, and any scheme but http and https', () => {
    for (const u of ['http://127.1/a.jpg', 'http://2130706433/a.jpg', 'http://0x7f.1/a.jpg', 'http://[::ffff:127.0.0.1]/a.jpg', 'http://0/a.jpg', 'http://localhost:8080/a.jpg', 'https://10.1.2.3/x.png']) {
      expect(refuseUrl(new URL(u), false), u).toMatch(/address/);
      expect(refuseUrl(new URL(u), true), u).toBeNull();
    }
    for (const u of ['file:///etc/passwd', 'ftp://example.com/a.jpg', 'data:image/png;base64,AAAA', 'gopher://example.com/']) {
      expect(refuseUrl(new URL(u), true), u).toMatch(/only http and https/);
    }
    expect(refuseUrl(new URL('https://example.com/cat.jpg'), false)).toBeNull();
  });
});
