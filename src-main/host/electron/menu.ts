import type { MenuItemConstructorOptions } from 'electron';

/** The one label of our own in the menu; the standard items are translated by the OS roles. */
function openFolderLabel(locale: string): string {
  return locale.toLowerCase().startsWith('zh') ? '打开文件夹…' : 'Open folder…';
}

/**
 * The application menu: File with "Open folder…" (Ctrl/Cmd+O), the standard Edit menu (so copy and
 * paste work in text fields on every OS), View with zoom (and dev tools in development), Window.
 */
export function appMenuTemplate(opts: { openFolder: () => void; locale: string; isMac: boolean; dev: boolean }): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }];
  if (opts.dev) view.unshift({ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' });
  return [
    ...(opts.isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    {
      role: 'fileMenu',
      submenu: [
        { label: openFolderLabel(opts.locale), accelerator: 'CmdOrCtrl+O', click: () => opts.openFolder() },
        { type: 'separator' },
        opts.isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu', submenu: view },
    { role: 'windowMenu' },
  ];
}
