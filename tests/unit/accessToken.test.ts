import { describe, expect, it } from 'vitest';
import { TOKEN_KEY, takeAccessToken, type TokenStore } from '../../src-renderer/bridge/accessToken.js';

function memoryStore(): TokenStore & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) };
}

describe('the web page takes its access token from the address once', () => {
  it('takes ?token= as serve prints it, keeps it for a reload and removes it from the address', () => {
    const store = memoryStore();
    const replaced: string[] = [];
    expect(takeAccessToken('http://127.0.0.1:5000/?token=abc123#/workspace/4', store, (u) => replaced.push(u))).toBe('abc123');
    expect(replaced).toEqual(['/#/workspace/4']);
    expect(store.items.get(TOKEN_KEY)).toBe('abc123');
    // The reload: a clean address, the token from storage, nothing to rewrite.
    expect(takeAccessToken('http://127.0.0.1:5000/#/workspace/4', store, (u) => replaced.push(u))).toBe('abc123');
    expect(replaced).toHaveLength(1);
  });

  it('takes #token= too, and keeps the other query parameters', () => {
    const store = memoryStore();
    const replaced: string[] = [];
    expect(takeAccessToken('http://127.0.0.1:5000/?lang=en#token=ff00', store, (u) => replaced.push(u))).toBe('ff00');
    expect(replaced).toEqual(['/?lang=en']);
  });

  it('a new address (serve restarted) replaces the token kept from before', () => {
    const store = memoryStore();
    takeAccessToken('http://127.0.0.1:5000/?token=old', store, () => undefined);
    expect(takeAccessToken('http://127.0.0.1:5000/?token=new', store, () => undefined)).toBe('new');
    expect(store.items.get(TOKEN_KEY)).toBe('new');
  });

  it('still works for this page where storage is refused, and has no token when none was ever given', () => {
    const refusing: TokenStore = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    const replaced: string[] = [];
    expect(takeAccessToken('http://127.0.0.1:5000/?token=abc', refusing, (u) => replaced.push(u))).toBe('abc');
    expect(replaced).toEqual(['/']);
    expect(takeAccessToken('http://127.0.0.1:5000/', refusing, () => undefined)).toBe('');
    expect(takeAccessToken('http://127.0.0.1:5000/', null, () => undefined)).toBe('');
  });
});
