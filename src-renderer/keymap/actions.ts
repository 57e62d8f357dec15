import type { ToolId } from '../editor/Editor.js';
import type { Intent } from '../editor/events.js';

/**
 * Every keyboard action of the app, in one table (STYLE.md): the one key listener, the command
 * palette, the cheat sheet and the region toolbar all read it, so a shortcut and its label cannot
 * drift apart. A key is written here and nowhere else: the region editor gets tool ids and
 * intents, never keys. A new region tool is one row in TOOL_ROWS.
 */
/** 'workspace.region': the workspace in region mode; its keys come before the workspace's. 'review': the review screen. */
export type KeyContext = 'global' | 'library' | 'workspace' | 'workspace.region' | 'capture' | 'review';

/** Where a key goes when the context's own binding does not use it (or there is none). */
const PARENT: Record<KeyContext, KeyContext | null> = { 'workspace.region': 'workspace', workspace: 'global', library: 'global', capture: 'global', review: 'global', global: null };

/** The context and the broader ones it falls back to, most specific first. */
export function contextChain(context: KeyContext): KeyContext[] {
  const out: KeyContext[] = [];
  for (let c: KeyContext | null = context; c; c = PARENT[c]) out.push(c);
  return out;
}

/** What an action can do; the App implements it. */
export interface AppCommands {
  goto(screen: 'library' | 'workspace' | 'stats' | 'capture' | 'review'): void;
  openDialog(dialog: 'cheatSheet' | 'palette' | 'export' | 'classes' | 'splits' | 'importUrls' | 'importDataset' | 'settings' | 'task' | 'openPackage' | 'teamPackages'): void;
  /** Switch the interface language. */
  language(code: 'en' | 'zh-CN'): void;
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
  /** A region tool: in the workspace it turns region mode on with that tool. */
  tool(id: ToolId): void;
  /** The drawing tool used last again (CVAT's N). */
  repeatTool(): void;
  /** Ask the region editor; false when it did not use the intent (or region mode is off). */
  region(intent: Intent): boolean;
  /** Space held (true) or released (false): dragging pans the region stage meanwhile. */
  panHold(held: boolean): void;
  /** Accept or reject the model suggestion(s) shown for the current image. */
  suggestion(op: 'accept' | 'reject'): void;
  /** Pick the next (1) or previous (-1) suggestion for Y/X to decide alone; false when the image has none. */
  pickSuggestion(dir: 1 | -1): boolean;
  /** Copy the selected region (a redaction) to every image of the same size and source. */
  applyToSimilar(): void;
  /** The review screen: answer n (accept it, or reject it after `reject`), edit, move, or go back. */
  review(op: ReviewOp): void;
  /** Start looking for faces in the dataset, proposing redaction boxes for review. */
  proposeFaces(): void;
  /** A window preset or the reset of window/level, in either view of the workspace; false where it does nothing. */
  windowLevel(intent: Intent): boolean;
}

export type ReviewOp = { answer: number } | 'edit' | 'reject' | 'next' | 'prev' | 'back';

export interface Action {
  id: string;
  /** i18n key of the label; `labelArgs` fills its placeholders. */
  label: string;
  labelArgs?: Record<string, unknown>;
  keys: string[];
  /** Where the keys work. 'global' keys work everywhere, so they may not repeat in another context. */
  when: KeyContext;
  /**
   * Returns false when it did not use the key: the binding of the next context in the chain runs
   * (an arrow with no region selected moves to the next image).
   */
  run(app: AppCommands): boolean | void;
  /** Runs when the key is released (hold actions). */
  release?(app: AppCommands): void;
  /** The region tool this action picks (the toolbar shows its key). */
  tool?: ToolId;
  /**
   * This binding deliberately takes a key that a broader context also binds, before it (a
   * region's class key before the image's). Without it, such a pair is a conflict.
   */
  shadows?: true;
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

/** The region tools, one row each: the key picks the tool, and turns region mode on if it is off. */
const TOOL_ROWS: { tool: ToolId; keys: string[] }[] = [
  { tool: 'select', keys: ['v'] },
  { tool: 'box', keys: ['b', 'w'] },
  { tool: 'polygon', keys: ['p'] },
  { tool: 'brush', keys: ['m'] },
  { tool: 'eraser', keys: ['e'] },
  { tool: 'point', keys: ['k'] },
  // The assists (W is taken by the box, G by the library): Q for the wand, U for GrabCut's cut, T for threshold.
  { tool: 'wand', keys: ['q'] },
  { tool: 'grabcut', keys: ['u'] },
  { tool: 'threshold', keys: ['t'] },
  // I, as CVAT's interactors: one-click masks from the user's own SAM model.
  { tool: 'sam', keys: ['i'] },
];

const toolActions: Action[] = [
  ...TOOL_ROWS.map(({ tool, keys }) => ({
    id: `region.tool.${tool}`,
    label: `region.action.${tool}`,
    keys,
    when: 'workspace' as const,
    tool,
    run: (a: AppCommands) => a.tool(tool),
  })),
  { id: 'region.tool.repeat', label: 'region.action.repeatTool', keys: [], when: 'workspace', run: (a) => a.repeatTool() },
];

/** The ruler (a measurement, not a region; its strings are the medical ones). */
const rulerAction: Action = { id: 'region.tool.ruler', label: 'medical.action.ruler', keys: ['l'], when: 'workspace', tool: 'ruler', run: (a) => a.tool('ruler') };

/**
 * Window presets of a medical image: Alt+1–8 the CT windows (brain … bone), Alt+0 the file's own
 * window, Alt+9 the histogram's. A preset the image does not offer leaves the key unused.
 */
const windowPresetActions: Action[] = (
  [
    ['file', 'file', '0'],
    ['ct.brain', 'brain', '1'],
    ['ct.subdural', 'subdural', '2'],
    ['ct.stroke', 'stroke', '3'],
    ['ct.lung', 'lung', '4'],
    ['ct.mediastinum', 'mediastinum', '5'],
    ['ct.abdomen', 'abdomen', '6'],
    ['ct.liver', 'liver', '7'],
    ['ct.bone', 'bone', '8'],
    ['auto', 'auto', '9'],
  ] as const
).map(([preset, name, digit]) => ({
  id: `region.wl.${preset}`,
  label: `medical.action.wl.${name}`,
  keys: [`alt+${digit}`],
  // In the plain image view too: a CT is classified in its real values.
  when: 'workspace' as const,
  run: (a: AppCommands) => a.windowLevel({ windowPreset: preset }),
}));

const region = (id: string, label: string, keys: string[], intent: Intent, extra: Partial<Action> = {}): Action => ({
  id: `region.${id}`,
  label: `region.action.${label}`,
  keys,
  when: 'workspace.region',
  run: (a) => a.region(intent),
  ...extra,
});

const nudges: Action[] = (
  [
    ['left', -1, 0],
    ['right', 1, 0],
    ['up', 0, -1],
    ['down', 0, 1],
  ] as const
).flatMap(([dir, dx, dy]) => [
  // With nothing selected the arrow is not used: the workspace moves to the next image.
  region(`nudge.${dir}`, `nudge.${dir}`, [`arrow${dir}`], { nudge: [dx, dy] }, { shadows: true }),
  region(`nudge.${dir}.10`, `nudge10.${dir}`, [`shift+arrow${dir}`], { nudge: [dx * 10, dy * 10] }),
]);

/** In region mode the class keys choose the class of regions, not of the image. */
const regionClassKeys: Action[] = Array.from({ length: 9 }, (_, i) =>
  region(`class.${i + 1}`, 'class', [String(i + 1)], { classKey: String(i + 1) }, { labelArgs: { n: i + 1 }, shadows: true }),
);

const regionActions: Action[] = [
  region('brush.smaller', 'brushSmaller', ['['], 'brushSmaller'),
  region('brush.larger', 'brushLarger', [']'], 'brushLarger'),
  region('delete', 'delete', ['delete'], 'delete', { shadows: true }),
  region('back', 'back', ['backspace'], 'back', { shadows: true }),
  region('close', 'close', ['enter'], 'close', { shadows: true }),
  region('cancel', 'cancel', ['escape'], 'cancel', { shadows: true }),
  region('cycle.next', 'next', ['tab'], 'selectNext', { shadows: true }),
  region('cycle.prev', 'prev', ['shift+tab'], 'selectPrev', { shadows: true }),
  region('toggleHidden', 'toggleHidden', ['h'], 'toggleHidden'),
  { id: 'region.resetLevel', label: 'region.action.resetLevel', keys: ['r'], when: 'workspace', run: (a) => a.windowLevel('resetLevel') },
  { id: 'region.applyToSimilar', label: 'region.action.applyToSimilar', keys: ['shift+a'], when: 'workspace.region', run: (a) => a.applyToSimilar() },
  {
    id: 'region.pan',
    label: 'region.action.pan',
    keys: ['space'],
    when: 'workspace.region',
    run: (a) => a.panHold(true),
    release: (a) => a.panHold(false),
  },
  ...nudges,
  ...regionClassKeys,
  // The assists' clean-up of the selected mask, and conversions (issue 11).
  region('clean.fillHoles', 'fillHoles', ['shift+f'], { clean: 'fillHoles' }),
  region('clean.removeIslands', 'removeIslands', ['shift+i'], { clean: 'removeIslands' }),
  region('clean.smooth', 'smooth', ['shift+s'], { clean: 'smooth' }),
  region('clean.grow', 'grow', ['.'], { clean: 'grow' }),
  region('clean.shrink', 'shrink', [','], { clean: 'shrink' }),
  region('convert.polygon', 'toPolygons', ['shift+p'], { convert: 'polygon' }),
  region('convert.mask', 'toMask', ['shift+m'], { convert: 'mask' }),
  region('assist.connectivity', 'connectivity', ['shift+c'], 'assistConnectivity'),
];

/** On the review screen a number key takes that annotator's answer (or picks the one to reject after R). */
const reviewAnswerKeys: Action[] = Array.from({ length: 9 }, (_, i) => ({
  id: `review.answer.${i + 1}`,
  label: 'review.action.accept',
  labelArgs: { n: i + 1 },
  keys: [String(i + 1)],
  when: 'review' as const,
  run: (app: AppCommands) => app.review({ answer: i + 1 }),
}));

const reviewActions: Action[] = [
  ...reviewAnswerKeys,
  { id: 'review.edit', label: 'review.action.edit', keys: ['e'], when: 'review', run: (a) => a.review('edit') },
  { id: 'review.reject', label: 'review.action.reject', keys: ['r'], when: 'review', run: (a) => a.review('reject') },
  { id: 'review.next', label: 'review.action.next', keys: ['j', 'arrowright', 'arrowdown'], when: 'review', run: (a) => a.review('next') },
  { id: 'review.prev', label: 'review.action.prev', keys: ['k', 'arrowleft', 'arrowup'], when: 'review', run: (a) => a.review('prev') },
  // Esc leaves the screen (or drops a rejection being written) before it would close nothing.
  { id: 'review.back', label: 'review.action.back', keys: ['escape'], when: 'review', shadows: true, run: (a) => a.review('back') },
];

export const actions: Action[] = [
  ...toolActions,
  rulerAction,
  ...regionActions,
  ...windowPresetActions,
  { id: 'capture.shot', label: 'actions.captureShot', keys: ['space'], when: 'capture', run: (a) => a.capture('shot') },
  { id: 'capture.burst', label: 'actions.captureBurst', keys: ['b'], when: 'capture', run: (a) => a.capture('burst') },
  ...captureHoldKeys,
  ...reviewActions,
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
  { id: 'suggestions.accept', label: 'suggestions.action.accept', keys: ['y'], when: 'workspace', run: (a) => a.suggestion('accept') },
  { id: 'suggestions.reject', label: 'suggestions.action.reject', keys: ['x'], when: 'workspace', run: (a) => a.suggestion('reject') },
  { id: 'suggestions.pickNext', label: 'suggestions.action.pickNext', keys: ['tab'], when: 'workspace', run: (a) => a.pickSuggestion(1) },
  { id: 'suggestions.pickPrev', label: 'suggestions.action.pickPrev', keys: ['shift+tab'], when: 'workspace', run: (a) => a.pickSuggestion(-1) },
  { id: 'privacy.proposeFaces', label: 'faces.action.propose', keys: [], when: 'global', run: (a) => a.proposeFaces() },
  { id: 'labels.toggleMode', label: 'actions.toggleMode', keys: [], when: 'workspace', run: (a) => a.toggleMode() },
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
  // Screens: their keys work on every screen (G is the library from anywhere).
  { id: 'nav.library', label: 'actions.library', keys: ['g'], when: 'global', run: (a) => a.goto('library') },
  { id: 'nav.workspace', label: 'actions.workspace', keys: [], when: 'global', run: (a) => a.goto('workspace') },
  { id: 'nav.capture', label: 'actions.capture', keys: [], when: 'global', run: (a) => a.goto('capture') },
  { id: 'nav.review', label: 'review.action.open', keys: ['shift+r'], when: 'global', run: (a) => a.goto('review') },
  { id: 'dialog.openPackage', label: 'review.action.openPackage', keys: [], when: 'global', run: (a) => a.openDialog('openPackage') },
  { id: 'dialog.splits', label: 'actions.splits', keys: [], when: 'global', run: (a) => a.openDialog('splits') },
  { id: 'dialog.settings', label: 'actions.settings', keys: ['mod+,'], when: 'global', run: (a) => a.openDialog('settings') },
  { id: 'dialog.importUrls', label: 'nav.importUrls', keys: [], when: 'global', run: (a) => a.openDialog('importUrls') },
  { id: 'dialog.importDataset', label: 'nav.importDataset', keys: [], when: 'global', run: (a) => a.openDialog('importDataset') },
  { id: 'dialog.task', label: 'teams.taskAction', keys: ['mod+g'], when: 'global', run: (a) => a.openDialog('task') },
  { id: 'dialog.teamPackages', label: 'teams.packagesAction', keys: [], when: 'global', run: (a) => a.openDialog('teamPackages') },
  { id: 'settings.language.en', label: 'actions.language', labelArgs: { name: 'English' }, keys: [], when: 'global', run: (a) => a.language('en') },
  { id: 'settings.language.zh-CN', label: 'actions.language', labelArgs: { name: '中文' }, keys: [], when: 'global', run: (a) => a.language('zh-CN') },
  { id: 'dialog.close', label: 'actions.escape', keys: ['escape'], when: 'global', run: (a) => a.closeDialog() },
];

/** The actions a combo may trigger in a context, in the order they are tried (the context first, then broader ones). */
export function candidates(table: readonly Action[], combo: string, context: KeyContext): Action[] {
  return contextChain(context).flatMap((c) => table.filter((a) => a.when === c && a.keys.includes(combo)));
}

/** The action a combo triggers first in a context (context-specific bindings first, then broader ones). */
export function findAction(table: readonly Action[], combo: string, context: KeyContext): Action | undefined {
  return candidates(table, combo, context)[0];
}

/** The drawing tools' first keys as they are shown ('B, P, M, K'), for hints. */
export function drawingToolKeys(table: readonly Action[], show: (combo: string) => string): string {
  return (['box', 'polygon', 'brush', 'point'] as const).map((t) => toolKeys(table, t)[0]).filter((k): k is string => !!k).map(show).join(', ');
}

/** The tool id → its keys, for buttons and tooltips. */
export function toolKeys(table: readonly Action[], tool: ToolId): string[] {
  return table.find((a) => a.tool === tool)?.keys ?? [];
}

/**
 * Pairs of actions bound to the same combo where both can fire: the same context, or one context
 * falling back to the other (a global key, or a region key over a workspace key) unless the more
 * specific one declares that it `shadows` the broader one.
 */
export function conflicts(table: readonly Action[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < table.length; i++) {
    for (let j = i + 1; j < table.length; j++) {
      const a = table[i]!;
      const b = table[j]!;
      let ok: boolean;
      if (a.when === b.when) ok = false;
      else if (contextChain(a.when).includes(b.when)) ok = a.shadows === true;
      else if (contextChain(b.when).includes(a.when)) ok = b.shadows === true;
      else ok = true; // sibling contexts (library, workspace, capture) never fire together
      if (ok) continue;
      for (const k of a.keys) if (b.keys.includes(k)) out.push(`${k}: ${a.id} / ${b.id}`);
    }
  }
  return out;
}

/**
 * Run the action bound to a combo: the context's own first; one that returns false hands the key
 * to the next. Returns the action that used it, or null.
 */
export function dispatchKey(table: readonly Action[], combo: string, context: KeyContext, app: AppCommands): Action | null {
  for (const a of candidates(table, combo, context)) if (a.run(app) !== false) return a;
  return null;
}
