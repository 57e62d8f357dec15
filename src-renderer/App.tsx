import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DatasetInfo, ImageFilter, JobInfo, LightboxError, Preferences } from '../src-main/api/index.js';
import type { Api } from './bridge/Bridge.js';
import { asLightboxError } from './bridge/Bridge.js';
import { ClassifyController } from './editor/classify/ClassifyController.js';
import { type CaptureHandle, CaptureScreen } from './features/capture/CaptureScreen.js';
import { ClassPanel } from './features/classes/ClassPanel.js';
import { ExportDialog } from './features/export/ExportDialog.js';
import { CheatSheet } from './features/help/CheatSheet.js';
import { CommandPalette } from './features/help/CommandPalette.js';
import { DatasetImportDialog } from './features/import/DatasetImportDialog.js';
import { DropTarget } from './features/import/DropTarget.js';
import { UrlImportDialog } from './features/import/UrlImportDialog.js';
import type { Sort } from './features/library/LibraryFilters.js';
import { type LibraryHandle, LibraryScreen } from './features/library/LibraryScreen.js';
import { FaceProposals, type FaceProposalsHandle } from './features/privacy/FaceProposals.js';
import { ApiContext } from './features/shell/ApiContext.js';
import { ConnectionBanner, ErrorBanner } from './features/shell/ErrorBanner.js';
import { Header, type Screen } from './features/shell/Header.js';
import { OpenPackageDialog } from './features/task/OpenPackageDialog.js';
import { TaskDialog } from './features/task/TaskDialog.js';
import { TeamPackagesDialog } from './features/task/TeamPackagesDialog.js';
import { type ReviewHandle, ReviewScreen } from './features/review/ReviewScreen.js';
import { StatsScreen } from './features/stats/StatsScreen.js';
import { suggestionFocus } from './features/suggestions/suggestionFocus.js';
import { decideSuggestions } from './features/suggestions/decideSuggestions.js';
import { WelcomeScreen } from './features/welcome/WelcomeScreen.js';
import { SplitDialog } from './features/workspace/SplitDialog.js';
import { type WorkspaceViewHandle, WorkspaceScreen } from './features/workspace/WorkspaceScreen.js';
import { type AppCommands, type KeyContext, actions } from './keymap/actions.js';
import { runsHere } from './features/help/paletteEntries.js';
import { changeLanguage, type LanguageCode } from './i18n/i18n.js';
import { SettingsDialog } from './features/settings/SettingsDialog.js';
import { DEFAULT_KEYMAP, bindKeymap } from './keymap/presets.js';
import type { ToolId } from './editor/Editor.js';
import { useTranslation } from 'react-i18next';
import { useKeymap } from './keymap/useKeymap.js';
import { useRegionMode } from './canvas/regionMode.js';
import { Editor } from './editor/Editor.js';

type DialogName = 'cheatSheet' | 'palette' | 'export' | 'classes' | 'splits' | 'importUrls' | 'importDataset' | 'settings' | 'task' | 'openPackage' | 'teamPackages';

const DEFAULT_PREFERENCES: Preferences = { theme: 'dark', keymap: DEFAULT_KEYMAP };
const DRAWING_TOOLS: readonly ToolId[] = ['box', 'polygon', 'brush', 'point', 'wand', 'grabcut', 'threshold'];

/** `#/library`, `#/workspace/123`, `#/stats`: a reload comes back to the same place. */
function readHash(): { screen: Screen; imageId?: number } {
  const [, screen, id] = location.hash.split('/');
  if (screen === 'library' || screen === 'stats' || screen === 'capture' || screen === 'review') return { screen };
  if (screen === 'workspace') return { screen, imageId: id ? Number(id) : undefined };
  return { screen: 'library' };
}

export function App({ api }: { api: Api }) {
  const [dataset, setDataset] = useState<DatasetInfo | null>(null);
  const [ready, setReady] = useState(false);
  const [screen, setScreen] = useState<Screen>('welcome');
  const [dialog, setDialog] = useState<DialogName | null>(null);
  const [error, setError] = useState<LightboxError | null>(null);
  const [filter, setFilter] = useState<ImageFilter>({});
  const [sort, setSort] = useState<Sort>('name');
  const [scan, setScan] = useState<JobInfo | null>(null);
  const controller = useMemo(() => new ClassifyController(api), [api]);
  const viewRef = useRef<WorkspaceViewHandle>(null);
  // The region editor lives as long as the app: the keymap reaches it, and it keeps the tool,
  // brush and window/level across images and across turning region mode off and on.
  const editor = useMemo(() => new Editor({ width: 1, height: 1 }), []);
  const region = useRegionMode();
  /** The region layer is on screen (region mode on an image that can be drawn on). */
  const regionLive = () => region.on && typeof viewRef.current?.step === 'function';
  const libraryRef = useRef<LibraryHandle>(null);
  // Class id per hotkey, kept current from events, so a class key labels without asking first.
  const hotkeys = useRef(new Map<string, number>());
  // The classes' names and keys, for the palette's entries.
  const [classList, setClassList] = useState<{ name: string; hotkey: string | null }[]>([]);
  useEffect(() => {
    const load = () =>
      void api.call('classes.list', {}).then((cs) => {
        hotkeys.current = new Map(cs.flatMap((c) => (c.hotkey ? [[c.hotkey, c.id] as [string, number]] : [])));
        setClassList(cs.map((c) => ({ name: c.name, hotkey: c.hotkey })));
      }, () => undefined);
    const offs = [api.on('classes.changed', load), api.on('dataset.opened', load)];
    load();
    return () => offs.forEach((off) => off());
  }, [api]);
  const captureRef = useRef<CaptureHandle>(null);
  const reviewRef = useRef<ReviewHandle>(null);
  const facesRef = useRef<FaceProposalsHandle>(null);
  const onError = useCallback((e: unknown) => setError(asLightboxError(e)), []);
  const { t, i18n } = useTranslation();
  // Theme, keymap preset and remapped keys: the user's, the same in every dataset.
  const [prefs, setPrefs] = useState<Preferences>(DEFAULT_PREFERENCES);
  useEffect(() => {
    api.call('settings.preferences', {}).then(setPrefs, () => undefined);
  }, [api]);
  useEffect(() => {
    document.documentElement.dataset.theme = prefs.theme;
  }, [prefs.theme]);
  const updatePrefs = useCallback(
    (p: Partial<Preferences>) => {
      setPrefs((old) => ({ ...old, ...p }));
      api.call('settings.setPreferences', p).then(setPrefs, onError);
    },
    [api, onError],
  );
  const boundActions = useMemo(() => bindKeymap(actions, prefs.keymap), [prefs.keymap]);
  const lastDrawingTool = useRef<ToolId>('box');
  const [connected, setConnected] = useState(true);
  // A dropped connection is shown; when it comes back the page reloads, so nothing on screen is stale
  // (every change was saved before it was shown, and the address keeps the screen and the image).
  useEffect(() => api.onConnection((up) => (up ? location.reload() : setConnected(false))), [api]);

  const enter = useCallback(
    (next: Screen, imageId?: number) => {
      setScreen(next);
      if (next === 'workspace') {
        void controller.load({ filter, sort, startId: imageId ?? controller.state.image?.id }).catch(onError);
      }
      const hash = next === 'welcome' ? '' : `#/${next}${next === 'workspace' && imageId ? `/${imageId}` : ''}`;
      if (location.hash !== hash) history.replaceState(null, '', hash || location.pathname + location.search);
    },
    [controller, filter, sort, onError],
  );

  useEffect(() => {
    api.call('datasets.current', {}).then((info) => {
      setDataset(info);
      setReady(true);
      if (info) {
        const h = readHash();
        enter(h.screen, h.imageId);
      }
    }, onError);
    const offJob = api.on('job.progress', (info) => info.kind === 'scan' && setScan(info));
    const offOpen = api.on('dataset.opened', (info) => setDataset(info));
    return () => {
      offJob();
      offOpen();
    };
  }, [api]);

  // Keep the address on the image being labeled, so a reload returns to it.
  useEffect(
    () =>
      controller.subscribe((s) => {
        if (screen === 'workspace' && s.image) history.replaceState(null, '', `#/workspace/${s.image.id}`);
      }),
    [controller, screen],
  );

  const opened = (info: DatasetInfo) => {
    setDataset(info);
    enter('library');
  };
  const close = async () => {
    await api.call('datasets.close', {}).catch(onError);
    setDataset(null);
    setScreen('welcome');
    history.replaceState(null, '', location.pathname + location.search);
  };

  const inWorkspace = screen === 'workspace' && dialog === null;
  const commands: AppCommands = {
    goto: (s) => dataset && enter(s),
    openDialog: (d) => (d === 'settings' || d === 'openPackage' || dataset) && setDialog(d),
    closeDialog: () => setDialog(null),
    language: (code) => changeLanguage(code),
    next: () => void controller.next().catch(onError),
    prev: () => void controller.prev().catch(onError),
    nextUnlabeled: () => void controller.nextUnlabeled().catch(onError),
    skip: () => void controller.setStatus('skipped').catch(onError),
    markDone: () => void controller.setStatus('done').catch(onError),
    undo: () =>
      dataset &&
      (screen === 'capture' ? captureRef.current?.undo() : screen === 'review' ? reviewRef.current?.step('undo') : regionLive() ? void viewRef.current!.step!('undo') : void controller.step('undo').catch(onError)),
    redo: () => dataset && (screen === 'review' ? reviewRef.current?.step('redo') : regionLive() ? void viewRef.current!.step!('redo') : void controller.step('redo').catch(onError)),
    applyHotkey: (n) => {
      const c = hotkeys.current.get(String(n));
      if (c !== undefined) void controller.applyClass(c).catch(onError);
    },
    clearLabels: () => void controller.clear().catch(onError),
    toggleMode: () => void controller.setMode(controller.state.mode === 'single' ? 'multi' : 'single').catch(onError),
    zoom: (how) => viewRef.current?.zoom(how),
    library: (op) => libraryRef.current?.command(op),
    tool: (id) => {
      if (DRAWING_TOOLS.includes(id)) lastDrawingTool.current = id;
      editor.perform({ tool: id });
      if (!region.on) region.set(true);
    },
    repeatTool: () => commands.tool(lastDrawingTool.current),
    region: (intent) => regionLive() && editor.perform(intent),
    // Region mode windows every image; the plain view only one shown in its real values (a DICOM or 16-bit image).
    windowLevel: (intent) => (regionLive() || editor.windowPresets !== null) && editor.perform(intent),
    panHold: (held) => viewRef.current?.panHold?.(held),
    suggestion: (op) => void decideSuggestions(api, controller, op).catch(onError),
    pickSuggestion: (dir) => suggestionFocus.cycle(dir),
    applyToSimilar: () => regionLive() && void viewRef.current?.applyToSimilar?.(),
    review: (op) => reviewRef.current?.command(op),
    proposeFaces: () => dataset && facesRef.current?.start(),
    capture: (what) => {
      const h = captureRef.current;
      if (!h) return;
      if (what === 'shot') h.shot();
      else if (what === 'burst') h.burst();
      else h.hold(what.hold);
    },
  };
  const context: KeyContext | null = dialog
    ? null
    : dataset
      ? inWorkspace
        ? region.on
          ? 'workspace.region'
          : 'workspace'
        : screen === 'library'
          ? 'library'
          : screen === 'capture'
            ? 'capture'
            : screen === 'review'
              ? 'review'
              : 'global'
      : null;
  useKeymap(boundActions, context, commands);
  // The palette offers what the keys would do here (before it opened).
  const paletteContext = useRef<KeyContext>('global');
  if (context) paletteContext.current = context;

  if (!ready && !error) return <div className="loading" />;
  return (
    <ApiContext.Provider value={api}>
      <div className="app">
        <Header dataset={dataset} screen={screen} scan={scan} onNavigate={(s) => enter(s)} onDialog={(d) => setDialog(d)} onClose={close} />
        {!connected && <ConnectionBanner />}
        <ErrorBanner error={error} onDismiss={() => setError(null)} />
        {!dataset && <WelcomeScreen onOpened={opened} onOpenPackage={() => setDialog('openPackage')} onError={onError} />}
        {dataset && <FaceProposals ref={facesRef} onError={onError} />}
        {dataset && screen === 'library' && (
          <LibraryScreen
            ref={libraryRef}
            filter={filter}
            sort={sort}
            onFilterChange={(f, s) => {
              setFilter(f);
              setSort(s);
            }}
            onOpenImage={(id) => enter('workspace', id)}
            onError={onError}
            tools={
              <button type="button" onClick={() => facesRef.current?.start()} title={t('faces.proposeHint')} data-testid="propose-faces">
                {t('faces.propose')}
              </button>
            }
          />
        )}
        {dataset && screen === 'workspace' && <WorkspaceScreen controller={controller} viewRef={viewRef} editor={editor} region={region} showPatientData={prefs.showPatientData === true} />}
        {dataset && screen === 'stats' && <StatsScreen onError={onError} />}
        {dataset && screen === 'capture' && <CaptureScreen handle={captureRef} onError={onError} />}
        {dataset && screen === 'review' && <ReviewScreen ref={reviewRef} onEdit={(id) => enter('workspace', id)} onBack={() => enter('library')} onError={onError} />}
        {dataset && <DropTarget onError={onError} />}
        {dialog === 'cheatSheet' && <CheatSheet table={boundActions} onClose={() => setDialog(null)} />}
        {dialog === 'palette' && (
          <CommandPalette
            table={boundActions}
            classes={classList}
            context={paletteContext.current}
            onClose={() => setDialog(null)}
            onRun={(e) => {
              setDialog(null);
              // An action of another screen takes the user there (its keys work from then on).
              if (runsHere(e, paletteContext.current)) e.action.run(commands);
              else commands.goto(e.when === 'capture' ? 'capture' : e.when === 'library' ? 'library' : e.when === 'review' ? 'review' : 'workspace');
            }}
          />
        )}
        {dialog === 'classes' && <ClassPanel onClose={() => setDialog(null)} onError={onError} />}
        {/* Keyed by the defaults: opened before the preferences arrive, it starts again with them. */}
        {dialog === 'export' && <ExportDialog key={JSON.stringify(prefs.exportDefaults ?? null)} defaults={prefs.exportDefaults} onClose={() => setDialog(null)} onError={onError} />}
        {dialog === 'splits' && <SplitDialog onClose={() => setDialog(null)} onError={onError} />}
        {dialog === 'importUrls' && <UrlImportDialog onClose={() => setDialog(null)} onError={onError} />}
        {dialog === 'importDataset' && <DatasetImportDialog onClose={() => setDialog(null)} onError={onError} />}
        {dialog === 'settings' && (
          <SettingsDialog
            table={actions}
            preferences={prefs}
            onPreferences={updatePrefs}
            language={i18n.language as LanguageCode}
            onLanguage={(code) => {
              changeLanguage(code);
              updatePrefs({ language: code });
            }}
            hasDataset={dataset !== null}
            onClose={() => setDialog(null)}
            onError={onError}
          />
        )}
        {dialog === 'task' && <TaskDialog onClose={() => setDialog(null)} onError={onError} />}
        {dialog === 'teamPackages' && <TeamPackagesDialog onClose={() => setDialog(null)} onError={onError} />}
        {dialog === 'openPackage' && (
          <OpenPackageDialog
            onOpened={(info) => {
              setDialog(null);
              opened(info);
            }}
            onClose={() => setDialog(null)}
            onError={onError}
          />
        )}
      </div>
    </ApiContext.Provider>
  );
}
