import type { Editor } from '../Editor.js';
import type { Intent, PointerEvent } from '../events.js';

/**
 * A state of a tool's state machine (tldraw style). A tool is a StateNode whose children are its
 * states; the editor's path is the chain of active ids, e.g. 'box.dragging'. Handlers return
 * true when they handled the event; an unhandled intent bubbles up to the tool, then the editor.
 */
export abstract class StateNode {
  abstract readonly id: string;
  parent: StateNode | null = null;
  protected children = new Map<string, StateNode>();
  protected initialChildId: string | null = null;
  activeChild: StateNode | null = null;

  constructor(readonly editor: Editor) {}

  protected addChildren(...nodes: StateNode[]): void {
    for (const n of nodes) {
      n.parent = this;
      this.children.set(n.id, n);
    }
    this.initialChildId ??= nodes[0]?.id ?? null;
  }

  /** 'select.idle' and so on. */
  get path(): string {
    return this.activeChild ? `${this.id}.${this.activeChild.path}` : this.id;
  }

  /** Make `id` the active child state, leaving the current one. */
  transition(id: string, info?: unknown): void {
    const next = this.children.get(id);
    if (!next) throw new Error(`${this.id} has no state ${id}`);
    this.activeChild?.exit();
    this.activeChild = next;
    next.enter(info);
    this.editor.changed();
  }

  enter(info?: unknown): void {
    this.onEnter(info);
    if (this.initialChildId && !this.activeChild) {
      this.activeChild = this.children.get(this.initialChildId) ?? null;
      this.activeChild?.enter(info);
    }
  }

  exit(): void {
    this.activeChild?.exit();
    this.activeChild = null;
    this.onExit();
  }

  /** Deepest state first; returns true when someone handled it. */
  handlePointer(e: PointerEvent): boolean {
    if (this.activeChild?.handlePointer(e)) return true;
    switch (e.type) {
      case 'pointer_down':
        return this.onPointerDown(e) === true;
      case 'pointer_move':
        return this.onPointerMove(e) === true;
      case 'pointer_up':
        return this.onPointerUp(e) === true;
    }
  }

  handleIntent(i: Intent): boolean {
    if (this.activeChild?.handleIntent(i)) return true;
    return this.onIntent(i) === true;
  }

  /** Abandon whatever is in progress (Esc, a tool switch, a new image). */
  cancel(): void {
    this.activeChild?.cancel();
    this.onCancel();
  }

  onEnter(_info?: unknown): void {}
  onExit(): void {}
  onCancel(): void {}
  onPointerDown(_e: PointerEvent): boolean | void {}
  onPointerMove(_e: PointerEvent): boolean | void {}
  onPointerUp(_e: PointerEvent): boolean | void {}
  onIntent(_i: Intent): boolean | void {}

  /** Cancel (Esc) abandons what this state is doing (its onCancel) and goes back to the tool's idle state. */
  protected escapeToIdle(i: Intent): boolean {
    if (i !== 'cancel') return false;
    this.onCancel();
    this.parent!.transition('idle');
    return true;
  }

  /** The tool this state belongs to, for states that move to a sibling. */
  protected get tool(): StateNode {
    let n: StateNode = this;
    while (n.parent) n = n.parent;
    return n;
  }
}
