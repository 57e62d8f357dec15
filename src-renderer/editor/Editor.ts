import { type Command, applyCommand, revertCommand } from './commands.js';
import { type EditorEvent, type Intent, type Modifiers, type PointerEvent, noModifiers } from './events.js';
import { clampTranslation, shapeAt, translateShape } from './geometry/shapes.js';
import { type Raster, createRaster } from './geometry/maskOps.js';
import { ImageDocument } from './ImageDocument.js';
import type { AssistPort } from './tools/assist/assistPort.js';
import type { AssistSession } from './tools/assist/AssistSession.js';
import { type CleanupSettings, DEFAULT_CLEANUP } from './tools/assist/cleanup.js';
import { GrabCutTool } from './tools/assist/GrabCutTool.js';
import { ThresholdTool } from './tools/assist/ThresholdTool.js';
import { WandTool } from './tools/assist/WandTool.js';
import { BoxTool } from './tools/box/BoxTool.js';
import { sharedIntent } from './sharedIntent.js';
import { followZoom, sizeBrushOnScreen } from './tools/brush/brushSize.js';
import { BrushTool } from './tools/brush/BrushTool.js';
import { PointTool } from './tools/point/PointTool.js';
import { PolygonTool } from './tools/polygon/PolygonTool.js';
import { SamTool } from './tools/sam/SamTool.js';
import { RulerTool } from './tools/ruler/RulerTool.js';
import { SelectTool } from './tools/select/SelectTool.js';
import type { StateNode } from './tools/StateNode.js';
import type { ClassInfo, Notice, Rect, Shape, Vec } from './types.js';
import { RANGE_8BIT, type ValueRange, type WindowLevel, type WindowLevelPreset, clampWindowLevel, defaultWindowLevel, dragWindowLevel } from './windowLevel.js';

export type ToolId = 'select' | 'box' | 'polygon' | 'brush' | 'eraser' | 'point' | 'wand' | 'grabcut' | 'threshold' | 'sam' | 'ruler';
export const TOOL_IDS: readonly ToolId[] = ['select', 'box', 'polygon', 'brush', 'eraser', 'point', 'wand', 'grabcut', 'threshold', 'sam', 'ruler'];

/** A ruler kept with the image (its ends in image pixels); `remoteId` null until the store has it. */
export interface RulerLine {
  from: Vec;
  to: Vec;
  remoteId: number | null;
}

/** What a tool is drawing but has not committed, for the canvas to show. */
export type Preview =
  | { kind: 'box'; rect: Rect }
  | { kind: 'polygon'; points: readonly Vec[]; cursor: Vec | null; closable: boolean }
  | { kind: 'line'; from: Vec; to: Vec; radius: number; erase: boolean }
  | { kind: 'ruler'; from: Vec; to: Vec };

/**
 * A brush or eraser stroke in progress: the mask being edited lives at full image resolution in
 * `raster` until the stroke ends, then is cropped back to its bounding box.
 */
export interface Stroke {
  raster: Raster;
  /** The mask being edited, or null when the stroke starts a new one. */
  targetId: string | null;
  classId: number;
  erase: boolean;
  /** Where the raster may differ from empty: the old mask's box plus everything painted. */
  area: Rect | null;
  /** Painted since the canvas last looked (it clears this after redrawing that part). */
  dirty: Rect | null;
}

export type CommandSource = 'do' | 'undo' | 'redo';



/**
 * The region editor for one image: the document, the tools (state machines), the selection, the
 * undo stack. No React, no DOM: the canvas draws from it and subscribes to `changed`; the
 * workspace persists the commands it emits.
 */
export class Editor {
  doc: ImageDocument;
  classes: ClassInfo[] = [];
  /** The class new shapes get; set with the class keys. */
  activeClassId: number | null = null;
  selectedIds: string[] = [];
  /**
   * True when the person chose the selection (a click, Tab, a V-tool drag); false when a tool
   * selected the shape it just drew. Only a chosen selection takes a class key: right after
   * drawing, a class key is the class of the next shape.
   */
  selectionChosen = false;
  /** H: every annotation hidden (the image alone). */
  hidden = false;
  /** Regions hidden one by one from the region list (view state, not saved); by shape id. */
  hiddenIds = new Set<string>();
  /** 0–1 */
  maskOpacity = 0.45;
  /** Brush and eraser radius in image pixels (what a stroke paints with). */
  brushRadius = 8;
  /**
   * The brush size is kept in screen pixels: zooming changes `brushRadius` so the circle keeps
   * its size on screen (a 25 px brush stays 25 px at 13 % on a large image).
   */
  brushOnScreen = false;
  /** The brush radius in screen pixels while `brushOnScreen`. */
  brushScreenRadius = 8;
  /** Screen pixels per image pixel (set with setViewScale): hit tolerances are in screen pixels. */
  viewScale = 1;
  /** The image's values (8-bit until a 16-bit or HU image says otherwise): window/level lives in it. */
  valueRange: ValueRange = RANGE_8BIT;
  windowLevel: WindowLevel = defaultWindowLevel(RANGE_8BIT);
  /** The windows offered for this image (a medical image's own, set with setMedicalWindows); null: the 8-bit presets of the range. */
  windowPresets: readonly WindowLevelPreset[] | null = null;
  /** Where reset (R) returns: a medical image's file or histogram window; null: the whole range. */
  initialWindow: WindowLevel | null = null;
  /** The image's rulers (kept by the store, not by the editor's document: they are measurements, not regions). */
  rulers: readonly RulerLine[] = [];
  /** Told each ruler drawn with the ruler tool, to keep it. */
  onRuler: ((from: Vec, to: Vec) => void) | null = null;
  notice: Notice | null = null;
  preview: Preview | null = null;
  stroke: Stroke | null = null;
  /** Last pointer position, image pixels. */
  pointer: Vec = [0, 0];
  /** How the assist tools reach the pixels (the workspace sets it; null: assists unavailable). */
  assists: AssistPort | null = null;
  /** The active assist tool's inputs and preview, for the canvas and the status bar. */
  assist: AssistSession | null = null;
  /** Sizes of the clean-up steps. */
  cleanup: CleanupSettings = { ...DEFAULT_CLEANUP };
  /** Bumped on every change, for subscribers that compare versions. */
  version = 0;

  private readonly tools: Map<ToolId, StateNode>;
  private toolNode: StateNode;
  private undoStack: Command[] = [];
  private redoStack: Command[] = [];
  private readonly listeners = new Set<() => void>();
  private readonly commandListeners = new Set<(cmd: Command, source: CommandSource) => void>();
  private nextId = 1;
  private raster: Raster | null = null;
  private levelDrag: { x: number; y: number; start: WindowLevel } | null = null;

  constructor(opts: { width: number; height: number; shapes?: readonly Shape[]; classes?: ClassInfo[]; activeClassId?: number | null }) {
    this.doc = new ImageDocument(opts.width, opts.height, opts.shapes);
    this.classes = opts.classes ?? [];
    this.activeClassId = opts.activeClassId ?? this.classes[0]?.id ?? null;
    this.tools = new Map<ToolId, StateNode>([
      ['select', new SelectTool(this)],
      ['box', new BoxTool(this)],
      ['polygon', new PolygonTool(this)],
      ['brush', new BrushTool(this, 'brush')],
      ['eraser', new BrushTool(this, 'eraser')],
      ['point', new PointTool(this)],
      ['wand', new WandTool(this)],
      ['grabcut', new GrabCutTool(this)],
      ['threshold', new ThresholdTool(this)],
      ['sam', new SamTool(this)],
      ['ruler', new RulerTool(this)],
    ]);
    this.toolNode = this.tools.get('select')!;
    this.toolNode.enter();
  }

  // ---- state the UI reads -------------------------------------------------------------------

  get toolId(): ToolId {
    return this.toolNode.id as ToolId;
  }

  /** The active state chain, e.g. 'polygon.drawing'. */
  get path(): string {
    return this.toolNode.path;
  }

  get shapes(): readonly Shape[] {
    return this.doc.shapes;
  }

  get selectedShapes(): Shape[] {
    return this.selectedIds.map((id) => this.doc.get(id)).filter((s): s is Shape => s !== undefined);
  }

  /** Hit tolerance in image pixels (6 screen pixels). */
  get tolerance(): number {
    return 6 / this.viewScale;
  }

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  classById(id: number | null): ClassInfo | undefined {
    return id === null ? undefined : this.classes.find((c) => c.id === id);
  }

  /** True when the current tool is at rest (not dragging, not halfway through a polygon). */
  isIdle(): boolean {
    return this.path.endsWith('.idle');
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every command applied (drawn, edited, deleted, undone, redone), for persistence. */
  onCommand(listener: (cmd: Command, source: CommandSource) => void): () => void {
    this.commandListeners.add(listener);
    return () => this.commandListeners.delete(listener);
  }

  changed(): void {
    this.version++;
    for (const l of this.listeners) l();
  }

  // ---- loading ------------------------------------------------------------------------------

  /**
   * Show another image (or the same one reloaded from the store, after an undo done elsewhere).
   * Whatever a tool was doing is dropped; the selection is kept for shapes that are still there.
   */
  load(width: number, height: number, shapes: readonly Shape[]): void {
    this.toolNode.cancel();
    const keep = new Set(this.selectedShapes.map((s) => s.remoteId ?? s.id));
    this.doc = new ImageDocument(width, height, shapes);
    this.selectedIds = shapes.filter((s) => keep.has(s.remoteId ?? s.id)).map((s) => s.id);
    if (this.raster && (this.raster.width !== width || this.raster.height !== height)) this.raster = null;
    this.undoStack = [];
    this.redoStack = [];
    this.preview = null;
    this.stroke = null;
    this.notice = null;
    this.changed();
  }

  setClasses(classes: ClassInfo[]): void {
    this.classes = classes;
    if (!this.classById(this.activeClassId)) this.activeClassId = classes[0]?.id ?? null;
    this.changed();
  }

  /** Hide or show one region (the region list's eye); a hidden region cannot be clicked either. */
  toggleShapeHidden(id: string): void {
    if (!this.hiddenIds.delete(id)) this.hiddenIds.add(id);
    if (this.hiddenIds.has(id)) this.selectedIds = this.selectedIds.filter((s) => s !== id);
    this.changed();
  }

  /** Show a note the store has saved (the store's own history undoes it, not this editor's). */
  setShapeNote(id: string, note: string | null): void {
    const s = this.doc.get(id);
    if (!s) return;
    this.doc.replace({ ...s, note });
    this.changed();
  }

  /** Record the store's id of a shape once it is saved (not an edit: no command, no undo). */
  setRemoteId(id: string, remoteId: number): void {
    const s = this.doc.get(id);
    if (!s) return;
    this.doc.replace({ ...s, remoteId });
    const fix = (list: Command[]) => list.forEach((c) => fixCommandRemoteId(c, id, remoteId));
    fix(this.undoStack);
    fix(this.redoStack);
  }

  /** The values of the image shown (its bit depth or modality): window/level starts at all of it. */
  setValueRange(range: ValueRange): void {
    this.valueRange = range;
    this.windowLevel = defaultWindowLevel(range);
    this.windowPresets = null;
    this.initialWindow = null;
    this.changed();
  }

  /** A medical image's values: the range window/level moves in, the windows it offers and where it starts. */
  setMedicalWindows(range: ValueRange, presets: readonly WindowLevelPreset[], initial: WindowLevel): void {
    this.valueRange = range;
    this.windowPresets = presets;
    this.initialWindow = clampWindowLevel(initial, range);
    this.windowLevel = this.initialWindow;
    this.changed();
  }

  /** The image's rulers, as the store has them. */
  setRulers(rulers: readonly RulerLine[]): void {
    this.rulers = rulers;
    this.changed();
  }

  /** A ruler the tool drew: shown at once, kept by whoever listens (`onRuler`). */
  addRuler(from: Vec, to: Vec): void {
    this.rulers = [...this.rulers, { from, to, remoteId: null }];
    this.onRuler?.(from, to);
    this.changed();
  }

  /** A window/level from a preset or a field, kept inside the range. */
  setWindowLevel(wl: WindowLevel): void {
    this.windowLevel = clampWindowLevel(wl, this.valueRange);
    this.assist?.refresh();
    this.changed();
  }

  // ---- tools --------------------------------------------------------------------------------

  setTool(id: ToolId): this {
    if (id === this.toolId) return this;
    this.toolNode.cancel();
    this.toolNode.exit();
    this.preview = null;
    this.toolNode = this.tools.get(id)!;
    this.toolNode.enter();
    this.changed();
    return this;
  }

  // ---- events -------------------------------------------------------------------------------

  pointerDown(x: number, y: number, mods: Partial<Modifiers> = {}, button = 0): this {
    this.dispatch({ type: 'pointer_down', x, y, button, ...noModifiers, ...mods });
    return this;
  }

  pointerMove(x: number, y: number, mods: Partial<Modifiers> = {}, button = 0): this {
    this.dispatch({ type: 'pointer_move', x, y, button, ...noModifiers, ...mods });
    return this;
  }

  pointerUp(x = this.pointer[0], y = this.pointer[1], mods: Partial<Modifiers> = {}, button = 0): this {
    this.dispatch({ type: 'pointer_up', x, y, button, ...noModifiers, ...mods });
    return this;
  }

  /**
   * Do what a key or a button asks: the active tool state first (deepest first), then the
   * editor. False when neither used it, so the workspace may give the key its own meaning.
   */
  perform(intent: Intent | { tool: ToolId }): boolean {
    const tool = typeof intent === 'object' && 'tool' in intent ? intent.tool : null;
    // A state in the middle of a drag or a stroke takes every intent, a tool switch included.
    const handled = this.toolNode.handleIntent(intent as Intent) || (tool ? this.switchTool(tool) : sharedIntent(this, intent as Intent));
    if (handled) this.changed();
    return handled;
  }

  /** Send a pointer event to the current tool (deepest state first); a right-drag is window/level. */
  dispatch(p: EditorEvent): boolean {
    this.pointer = [p.x, p.y];
    if (this.levelDrag || (p.button === 2 && p.type === 'pointer_down')) return this.onLevelDrag(p);
    const handled = this.toolNode.handlePointer(p);
    this.changed();
    return handled;
  }

  /** The pointer over an image no tool listens to (the plain image view): the value under the cursor follows it. */
  hover(x: number, y: number): void {
    this.pointer = [x, y];
    this.changed();
  }

  /** Esc, in code: abandon what the tool is doing. */
  cancel(): this {
    this.toolNode.cancel();
    this.changed();
    return this;
  }

  private onLevelDrag(e: PointerEvent): boolean {
    if (e.type === 'pointer_down') {
      this.levelDrag = { x: e.x, y: e.y, start: this.windowLevel };
    } else if (this.levelDrag) {
      const d = this.levelDrag;
      this.windowLevel = dragWindowLevel(d.start, (e.x - d.x) * this.viewScale, (e.y - d.y) * this.viewScale, this.valueRange);
      if (e.type === 'pointer_up') {
        this.levelDrag = null;
        // An assist sees the image as shown: its preview follows the new window/level.
        this.assist?.refresh();
      }
    }
    this.changed();
    return true;
  }

  /** The zoom changed: a brush sized on screen keeps its screen size. */
  setViewScale(scale: number): void {
    this.viewScale = scale;
    followZoom(this);
    this.changed();
  }

  /** Size the brush in screen pixels (kept while zooming) or in image pixels. */
  setBrushOnScreen(on: boolean): void {
    sizeBrushOnScreen(this, on);
    this.changed();
  }

  private switchTool(id: ToolId): boolean {
    this.setTool(id);
    return true;
  }

  // ---- operations (also called by tools and the keymap) ----------------------------------

  /** `drawn`: a tool selecting the shape it just made (not the person's choice). */
  select(ids: readonly string[], how: 'chosen' | 'drawn' = 'chosen'): void {
    this.selectedIds = ids.filter((id) => this.doc.get(id));
    this.selectionChosen = how === 'chosen' && this.selectedIds.length > 0;
    this.changed();
  }

  /**
   * A digit: make that class the active one, and give it to a selection the person chose. A shape
   * a tool just drew keeps its class and is let go if it has another one, so the next brush
   * stroke starts a new mask of the new class instead of painting into the old one.
   */
  useClassKey(key: string): boolean {
    const c = this.classes.find((k) => k.hotkey === key);
    if (!c) {
      this.setNotice({ key: 'region.notice.noClassForKey', values: { key } });
      return true;
    }
    this.activeClassId = c.id;
    const sel = this.selectedShapes.filter((s) => s.classId !== c.id);
    if (sel.length === 0) return true;
    if (!this.selectionChosen) this.select([]);
    else this.commit({ type: 'update', before: sel, after: sel.map((s) => ({ ...s, classId: c.id })) });
    return true;
  }

  deleteSelection(): boolean {
    const sel = this.selectedShapes;
    if (sel.length === 0) return false;
    this.commit({ type: 'delete', shapes: sel, indices: sel.map((s) => this.doc.indexOf(s.id)) });
    this.selectedIds = [];
    return true;
  }

  nudgeSelection(dx: number, dy: number): boolean {
    const sel = this.selectedShapes;
    if (sel.length === 0) return false;
    const [cx, cy] = clampTranslation(sel, dx, dy, this.doc.width, this.doc.height);
    if (cx === 0 && cy === 0) return true;
    this.commit({ type: 'update', before: sel, after: sel.map((s) => translateShape(s, cx, cy)) });
    return true;
  }

  /** Tab / Shift+Tab: select the next / previous shape in drawing order. */
  cycleSelection(step: 1 | -1): boolean {
    // Regions hidden from the list are skipped: Tab must not select what cannot be seen.
    const list = this.hiddenIds.size > 0 ? this.doc.shapes.filter((s) => !this.hiddenIds.has(s.id)) : this.doc.shapes;
    if (list.length === 0) return false;
    const last = this.selectedIds[this.selectedIds.length - 1];
    const cur = last === undefined ? -1 : list.findIndex((s) => s.id === last);
    const next = cur < 0 ? (step > 0 ? 0 : list.length - 1) : (cur + step + list.length) % list.length;
    this.select([list[next]!.id]);
    return true;
  }

  shapeAt(x: number, y: number): Shape | null {
    if (this.hidden) return null;
    return shapeAt(this.doc.shapes, x, y, this.tolerance, this.hiddenIds.size > 0 ? (s) => !this.hiddenIds.has(s.id) : undefined);
  }

  newShapeId(): string {
    let id: string;
    do id = `n${this.nextId++}`;
    while (this.doc.get(id));
    return id;
  }

  setNotice(n: Notice | null): void {
    this.notice = n;
    this.changed();
  }

  /** The full-resolution scratch mask strokes paint into (allocated once per image size). */
  getRaster(): Raster {
    if (!this.raster || this.raster.width !== this.doc.width || this.raster.height !== this.doc.height) {
      this.raster = createRaster(this.doc.width, this.doc.height);
    }
    return this.raster;
  }

  // ---- commands and undo --------------------------------------------------------------------

  /**
   * Apply a command, keep it for undo, tell the listeners. `applied` when the tool already put
   * the new values in the document while dragging (the command then only records them).
   */
  commit(cmd: Command, opts: { applied?: boolean } = {}): void {
    if (!opts.applied) applyCommand(this.doc, cmd);
    this.undoStack.push(cmd);
    this.redoStack = [];
    this.notice = null;
    for (const l of this.commandListeners) l(cmd, 'do');
    this.changed();
  }

  undo(): boolean {
    this.toolNode.cancel();
    const cmd = this.undoStack.pop();
    if (!cmd) return false;
    revertCommand(this.doc, cmd);
    this.redoStack.push(cmd);
    this.selectedIds = this.selectedIds.filter((id) => this.doc.get(id));
    for (const l of this.commandListeners) l(cmd, 'undo');
    this.changed();
    return true;
  }

  redo(): boolean {
    this.toolNode.cancel();
    const cmd = this.redoStack.pop();
    if (!cmd) return false;
    applyCommand(this.doc, cmd);
    this.undoStack.push(cmd);
    this.selectedIds = this.selectedIds.filter((id) => this.doc.get(id));
    for (const l of this.commandListeners) l(cmd, 'redo');
    this.changed();
    return true;
  }
}


function fixCommandRemoteId(cmd: Command, id: string, remoteId: number): void {
  const lists = cmd.type === 'update' || cmd.type === 'replace' ? [cmd.before, cmd.after] : [cmd.shapes];
  for (const list of lists) list.forEach((s, i) => s.id === id && (list[i] = { ...s, remoteId }));
}
