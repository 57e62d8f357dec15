/**
 * Every keyboard action of the app, in one table (STYLE.md): key handling, the command palette and
 * the cheat sheet all read it, so a shortcut and its label cannot drift apart.
 */
/** 'workspace.region': the workspace in region mode (editor/regionKeymap.ts), listed in the cheat sheet. */
export type KeyContext = 'global' | 'library' | 'workspace' | 'workspace.region' | 'capture';

/** What an action can do; the App implements it. */
export interface AppCommands {
  goto(screen: 'library' | 'workspace' | 'stats' | 'capture'): void;
  openDialog(dialog: 'cheatSheet' | 'palette' | 'export' | 'classes' | 'splits'): void;
  closeDialog(): void;
  next(): void;
  prev(): void;
  nextUnlabeled(): void;
  skip(): void;
  markDone(): void;
  undo(): void;
  redo(): void;
  applyHotkey(n: number): void;
  clearLabels(): void;
  toggleMode(): void;
  zoom(how: 'in' | 'out' | 'fit' | 'actual'): void;
  /** The camera screen: one frame, a burst, or start recording into the class with hotkey n (released by keyup). */
  capture(what: 'shot' | 'burst' | { hold: number }): void;
  /** The library's keyboard cursor: move it, toggle the selection under it, select all. */
  library(op: 'left' | 'right' | 'up' | 'down' | 'toggle' | 'selectAll' | 'open'): void;
}

export interface Action {
  id: string;
  /** i18n key of the label; `labelArgs` fills its placeholders. */
  label: string;
  labelArgs?: Record<string, unknown>;
  keys: string[];
  /** Where the keys work. 'global' keys work everywhere, so they may not repeat in another context. */
  when: KeyContext;
  run(app: AppCommands): void;
}

const classKeys: Action[] = Array.from({ length: 9 }, (_, i) => ({
  id: `class.apply.${i + 1}`,
  label: 'actions.applyClass',
  labelArgs: { n: i + 1 },
  keys: [String(i + 1)],
  when: 'workspace' as const,
  run: (app: AppCommands) => app.applyHotkey(i + 1),
}));

/** Hold a class key on the camera screen to record frames into that class. */
const captureHoldKeys: Action[] = Array.from({ length: 9 }, (_, i) => ({
  id: `capture.hold.${i + 1}`,
  label: 'actions.captureHold',
  labelArgs: { n: i + 1 },
  keys: [String(i + 1)],
  when: 'capture' as const,
  run: (app: AppCommands) => app.capture({ hold: i + 1 }),
}));

export const actions: Action[] = [
  { id: 'capture.shot', label: 'actions.captureShot', keys: ['space'], when: 'capture', run: (a) => a.capture('shot') },
  { id: 'capture.burst', label: 'actions.captureBurst', keys: ['b'], when: 'capture', run: (a) => a.capture('burst') },
  ...captureHoldKeys,
  { id: 'nav.capture', label: 'actions.capture', keys: [], when: 'global', run: (a) => a.goto('capture') },
  { id: 'image.next', label: 'actions.next', keys: ['arrowright', 'd'], when: 'workspace', run: (a) => a.next() },
  { id: 'image.prev', label: 'actions.prev', keys: ['arrowleft', 'a'], when: 'workspace', run: (a) => a.prev() },
  { id: 'image.nextUnlabeled', label: 'actions.nextUnlabeled', keys: ['n'], when: 'workspace', run: (a) => a.nextUnlabeled() },
  { id: 'image.skip', label: 'actions.skip', keys: ['s'], when: 'workspace', run: (a) => a.skip() },
  { id: 'image.done', label: 'actions.done', keys: ['enter'], when: 'workspace', run: (a) => a.markDone() },
  { id: 'labels.clear', label: 'actions.clearLabels', keys: ['backspace', 'delete'], when: 'workspace', run: (a) => a.clearLabels() },
  ...classKeys,
  { id: 'view.zoomIn', label: 'actions.zoomIn', keys: ['+', '='], when: 'workspace', run: (a) => a.zoom('in') },
  { id: 'view.zoomOut', label: 'actions.zoomOut', keys: ['-'], when: 'workspace', run: (a) => a.zoom('out') },
  { id: 'view.fit', label: 'actions.fit', keys: ['0', 'f'], when: 'workspace', run: (a) => a.zoom('fit') },
  { id: 'view.actual', label: 'actions.actualSize', keys: ['mod+1'], when: 'workspace', run: (a) => a.zoom('actual') },
  { id: 'labels.toggleMode', label: 'actions.toggleMode', keys: [], when: 'workspace', run: (a) => a.toggleMode() },
  { id: 'nav.library', label: 'actions.library', keys: ['g'], when: 'workspace', run: (a) => a.goto('library') },
  { id: 'library.open', label: 'library.open', keys: ['enter'], when: 'library', run: (a) => a.library('open') },
  { id: 'library.right', label: 'actions.cursorRight', keys: ['arrowright', 'd'], when: 'library', run: (a) => a.library('right') },
  { id: 'library.left', label: 'actions.cursorLeft', keys: ['arrowleft', 'a'], when: 'library', run: (a) => a.library('left') },
  { id: 'library.down', label: 'actions.cursorDown', keys: ['arrowdown'], when: 'library', run: (a) => a.library('down') },
  { id: 'library.up', label: 'actions.cursorUp', keys: ['arrowup'], when: 'library', run: (a) => a.library('up') },
  { id: 'library.toggle', label: 'actions.toggleSelect', keys: ['space', 'x'], when: 'library', run: (a) => a.library('toggle') },
  { id: 'library.selectAll', label: 'actions.selectAll', keys: ['mod+a'], when: 'library', run: (a) => a.library('selectAll') },
  { id: 'history.undo', label: 'actions.undo', keys: ['mod+z'], when: 'global', run: (a) => a.undo() },
  { id: 'history.redo', label: 'actions.redo', keys: ['mod+shift+z', 'mod+y'], when: 'global', run: (a) => a.redo() },
  { id: 'help.cheatSheet', label: 'actions.cheatSheet', keys: ['?'], when: 'global', run: (a) => a.openDialog('cheatSheet') },
  { id: 'help.palette', label: 'actions.palette', keys: ['mod+k'], when: 'global', run: (a) => a.openDialog('palette') },
  { id: 'nav.stats', label: 'actions.stats', keys: ['mod+i'], when: 'global', run: (a) => a.goto('stats') },
  { id: 'dialog.export', label: 'actions.export', keys: ['mod+e'], when: 'global', run: (a) => a.openDialog('export') },
  { id: 'dialog.classes', label: 'actions.classes', keys: ['c'], when: 'global', run: (a) => a.openDialog('classes') },
  { id: 'dialog.close', label: 'actions.escape', keys: ['escape'], when: 'global', run: (a) => a.closeDialog() },
];

/** The action a combo triggers in a context (context-specific bindings first, then global ones). */
export function findAction(table: readonly Action[], combo: string, context: KeyContext): Action | undefined {
  return table.find((a) => a.when === context && a.keys.includes(combo)) ?? table.find((a) => a.when === 'global' && a.keys.includes(combo));
}

/** Pairs of actions bound to the same combo where both can fire: the same context, or one global. */
export function conflicts(table: readonly Action[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < table.length; i++) {
    for (let j = i + 1; j < table.length; j++) {
      const a = table[i]!;
      const b = table[j]!;
      const overlap = a.when === b.when || a.when === 'global' || b.when === 'global';
      if (!overlap) continue;
      for (const k of a.keys) if (b.keys.includes(k)) out.push(`${k}: ${a.id} / ${b.id}`);
    }
  }
  return out;
}
