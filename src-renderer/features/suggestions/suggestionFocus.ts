import { useSyncExternalStore } from 'react';
import type { Suggestion } from '../../../src-main/api/index.js';

/**
 * Which one of the current image's pending suggestions the keys decide. None picked (the start):
 * Y and X decide them all. Tab picks the next one (Shift+Tab the previous), and past the last comes
 * back to none; after a decision the pick moves on to the suggestion that took its place, so a
 * run of Tab, Y, X, Y decides boxes one by one. A new image starts with none picked.
 */
class SuggestionFocus {
  private items: readonly Suggestion[] = [];
  private picked: number | null = null;
  /** The list position to pick when the list comes back after a decision. */
  private resume: number | null = null;
  private readonly listeners = new Set<() => void>();

  /** The workspace shows this list now (the current image's pending suggestions). */
  publish(items: readonly Suggestion[]): void {
    const before = this.picked;
    this.items = items;
    if (this.resume !== null) {
      this.picked = items.length === 0 ? null : (items[Math.min(this.resume, items.length - 1)]?.id ?? null);
      this.resume = null;
    } else if (this.picked !== null && !items.some((s) => s.id === this.picked)) {
      this.picked = null;
    }
    if (this.picked !== before) this.emit();
  }

  /** Pick the next (1) or previous (-1) suggestion; false when there is nothing to pick (the key is not used). */
  cycle(dir: 1 | -1): boolean {
    const n = this.items.length;
    if (n === 0) return false;
    const at = this.picked === null ? -1 : this.items.findIndex((s) => s.id === this.picked);
    // Positions 0..n-1 are the suggestions, n is "none": a full turn of Tab visits each and then none.
    const pos = at === -1 ? n : at;
    const next = (pos + dir + n + 1) % (n + 1);
    this.set(this.items[next]?.id ?? null);
    return true;
  }

  pick(id: number | null): void {
    this.set(id !== null && this.items.some((s) => s.id === id) ? id : null);
  }

  current(): number | null {
    return this.picked;
  }

  /** The picked one is being decided: when the list comes back, pick what stands in its place. */
  decided(): void {
    const at = this.items.findIndex((s) => s.id === this.picked);
    this.resume = at === -1 ? null : at;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(id: number | null): void {
    if (id === this.picked) return;
    this.picked = id;
    this.emit();
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}

export const suggestionFocus = new SuggestionFocus();

/** The id of the picked suggestion, or null when the keys decide them all. */
export function usePickedSuggestion(): number | null {
  return useSyncExternalStore(suggestionFocus.subscribe, () => suggestionFocus.current());
}
