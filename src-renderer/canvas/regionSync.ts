import type { MethodName, Params, Result } from '../../src-main/api/index.js';
import type { Command } from '../editor/commands.js';
import type { Editor } from '../editor/Editor.js';
import { regionShapeOf } from '../editor/regions.js';

export interface CallApi {
  call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>>;
}

/**
 * Sends the editor's commands to the store through the contract, one at a time and in order (an
 * edit of a shape waits for its creation, which gives it its store id). Undo and redo are not the
 * editor's: they go through `labels.undo`/`labels.redo`, the one history, after which the image's
 * regions are read again.
 */
export class RegionSync {
  private queue: Promise<void> = Promise.resolve();
  private readonly remote = new Map<string, number>();
  private pendingCount = 0;

  constructor(
    private readonly api: CallApi,
    private readonly editor: Editor,
    readonly imageId: number,
    private readonly onError: (e: unknown) => void,
    private readonly onPending: (n: number) => void = () => undefined,
  ) {}

  get pending(): number {
    return this.pendingCount;
  }

  push(cmd: Command): void {
    this.pendingCount++;
    this.onPending(this.pendingCount);
    this.queue = this.queue
      .then(() => this.send(cmd))
      .catch((e) => this.onError(e))
      .finally(() => {
        this.pendingCount--;
        this.onPending(this.pendingCount);
      });
  }

  /** Resolves once every command sent so far is on disk (or failed). */
  idle(): Promise<void> {
    return this.queue;
  }

  private remoteId(id: string): number | null {
    return this.editor.doc.get(id)?.remoteId ?? this.remote.get(id) ?? null;
  }

  private async send(cmd: Command): Promise<void> {
    if (cmd.type === 'create') {
      for (const s of cmd.shapes) {
        const r = await this.api.call('annotations.create', { imageId: this.imageId, classId: s.classId, shape: regionShapeOf(s) });
        this.remote.set(s.id, r.id);
        this.editor.setRemoteId(s.id, r.id);
      }
    } else if (cmd.type === 'update') {
      // One call for the whole command, so one undo takes back a moved or relabeled selection.
      const changes = cmd.after.flatMap((s) => {
        const id = this.remoteId(s.id);
        return id === null ? [] : [{ id, classId: s.classId, shape: regionShapeOf(s) }];
      });
      if (changes.length > 0) await this.api.call('annotations.updateMany', { changes });
    } else if (cmd.type === 'replace') {
      const deleteIds = cmd.before.map((s) => this.remoteId(s.id)).filter((id): id is number => id !== null);
      const r = await this.api.call('annotations.replace', { imageId: this.imageId, deleteIds, create: cmd.after.map((s) => ({ classId: s.classId, shape: regionShapeOf(s) })) });
      cmd.after.forEach((s, k) => {
        const id = r.regions[k]?.id;
        if (id === undefined) return;
        this.remote.set(s.id, id);
        this.editor.setRemoteId(s.id, id);
      });
    } else {
      const ids = cmd.shapes.map((s) => this.remoteId(s.id)).filter((id): id is number => id !== null);
      if (ids.length > 0) await this.api.call('annotations.delete', { ids });
    }
  }
}
