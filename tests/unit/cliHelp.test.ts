import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src-main/cli/main.js';

/** What a person reads when they mistype a command or ask for one command's help. */
function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  return { out: () => out.join('\n'), err: () => err.join('\n') };
}

afterEach(() => vi.restoreAllMocks());

describe('lightbox CLI help', () => {
  it('suggests the command a typo was close to', async () => {
    const io = capture();
    expect(await main(['scna', 'ds'])).toBe(1);
    expect(io.err()).toMatch(/unknown command "scna"/);
    expect(io.err()).toMatch(/Did you mean `lightbox scan`\?/);
  });

  it('suggests nothing for a word far from every command', async () => {
    const io = capture();
    expect(await main(['photosynthesis'])).toBe(1);
    expect(io.err()).not.toMatch(/Did you mean/);
    expect(io.err()).toMatch(/lightbox --help/);
  });

  it('`lightbox help export` prints the export command\'s own help', async () => {
    const io = capture();
    expect(await main(['help', 'export'])).toBe(0);
    expect(io.out()).toMatch(/^Usage: lightbox export DATASET --format F --out DIR/);
    expect(io.out()).not.toMatch(/lightbox serve/);
  });

  it('`lightbox help` with a mistyped command says so and suggests one', async () => {
    const io = capture();
    expect(await main(['help', 'exprot'])).toBe(1);
    expect(io.err()).toMatch(/Did you mean `lightbox export`\?/);
  });

  it('`lightbox help` alone still lists every command', async () => {
    const io = capture();
    expect(await main(['help'])).toBe(0);
    expect(io.out()).toMatch(/lightbox serve/);
    expect(io.out()).toMatch(/lightbox export/);
  });
});
