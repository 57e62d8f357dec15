import type { Editor } from '../../Editor.js';
import type { Intent } from '../../events.js';
import { StateNode } from '../StateNode.js';
import type { AssistMethod } from './assistPort.js';
import { AssistSession } from './AssistSession.js';

/**
 * What the click-prompt assists share (wand, GrabCut, threshold; a model's prompt tool can sit
 * beside them): a session holding the inputs and the preview, shown while the tool is active;
 * Enter keeps the preview, Esc drops it. Each tool adds its own states for the pointer.
 */
export abstract class AssistTool extends StateNode {
  readonly session: AssistSession;

  constructor(editor: Editor, method: AssistMethod) {
    super(editor);
    this.session = new AssistSession(editor, method);
  }

  override onEnter(): void {
    this.editor.assist = this.session;
    this.session.prepare();
  }

  override onExit(): void {
    this.session.clear();
    if (this.editor.assist === this.session) this.editor.assist = null;
  }

  override onCancel(): void {
    this.editor.preview = null;
    this.session.clear();
    if (this.activeChild && this.activeChild.id !== 'idle') this.transition('idle');
  }

  override onIntent(i: Intent): boolean {
    if (i === 'close') return this.session.keep();
    if (i === 'assistConnectivity' && this.session.method === 'wand') {
      this.session.setConnectivity(this.session.connectivity === 8 ? 4 : 8);
      return true;
    }
    if (i === 'cancel' && this.session.active) {
      this.session.clear();
      return true;
    }
    return false;
  }
}
