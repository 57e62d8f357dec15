// electron-builder's afterPack hook (electron-builder.yml): sets the Electron fuses of the packaged
// binary with @electron/fuses, after the app is copied in and before the binary is signed (a fuse
// flipped after signing would break the signature).
//
// Fuses are bits compiled into the Electron binary that switch features off for good: the
// installed app then cannot be told, through its environment or its command line, to run code
// other than its own signed app.asar.
const path = require('node:path');

/**
 * Each fuse, by its name in @electron/fuses' FuseV1Options, and what it is set to. WasmTrapHandlers
 * is left as Electron ships it (on): WebAssembly (opencv, onnxruntime) runs faster with it and it
 * opens nothing.
 */
const FUSES = Object.freeze({
  // ELECTRON_RUN_AS_NODE=1 would make the app a plain Node.js that runs any script given to it.
  RunAsNode: false,
  // The Chromium cookie store on disk is encrypted with the OS keychain's key.
  EnableCookieEncryption: true,
  // NODE_OPTIONS could preload any script (--require) into the main process.
  EnableNodeOptionsEnvironmentVariable: false,
  // --inspect / --inspect-brk would open a debugger port into the main process.
  EnableNodeCliInspectArguments: false,
  // app.asar is checked against the hash electron-builder embeds (Info.plist on macOS, a resource
  // on Windows); Electron has no such check on Linux, where the fuse does nothing.
  EnableEmbeddedAsarIntegrityValidation: true,
  // Only resources/app.asar is loaded: no app/ folder or default_app.asar beside it can replace it.
  OnlyLoadAppFromAsar: true,
  // The app ships no V8 snapshot of its own.
  LoadBrowserProcessSpecificV8Snapshot: false,
  // The app's pages come from app://, never file://, so file:// needs no more than a browser gives it.
  GrantFileProtocolExtraPrivileges: false,
});

/**
 * The @electron/fuses configuration for a platform (`linux`, `win32`, `darwin`, `mas`) and an
 * architecture name (`x64`, `arm64`, `universal`, …). On Apple silicon flipping a fuse invalidates
 * the ad-hoc signature the binary came with, so it is signed ad hoc again (a real signing step, if
 * configured, signs over it).
 */
async function fuseConfig(platform, arch) {
  const { FuseV1Options, FuseVersion } = await import('@electron/fuses');
  const mac = platform === 'darwin' || platform === 'mas';
  const config = { version: FuseVersion.V1, resetAdHocDarwinSignature: mac && (arch === 'arm64' || arch === 'universal') };
  for (const [name, on] of Object.entries(FUSES)) {
    if (FuseV1Options[name] === undefined) throw new Error(`@electron/fuses has no fuse named ${name}`);
    config[FuseV1Options[name]] = on;
  }
  return config;
}

/** The Electron executable electron-builder produced in appOutDir (its own rule, platformPackager.addElectronFuses). */
function packagedBinary(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const ext = { darwin: '.app', mas: '.app', win32: '.exe', linux: '' }[electronPlatformName];
  if (ext === undefined) throw new Error(`Lightbox does not package for the platform ${electronPlatformName}`);
  const name = electronPlatformName === 'linux' ? packager.executableName : packager.appInfo.productFilename;
  return path.join(appOutDir, `${name}${ext}`);
}

/**
 * Flip the fuses in an Electron binary (an executable, or a macOS .app), then read them back and
 * fail the packaging if any is not as configured: an installer must not ship with a fuse left open.
 * Returns the fuse wire as read back.
 */
async function writeFuses(binary, platform, arch) {
  const { FuseState, FuseV1Options, flipFuses, getCurrentFuseWire } = await import('@electron/fuses');
  await flipFuses(binary, await fuseConfig(platform, arch));
  const wire = await getCurrentFuseWire(binary);
  const wrong = Object.entries(FUSES).filter(([name, on]) => wire[FuseV1Options[name]] !== (on ? FuseState.ENABLE : FuseState.DISABLE));
  if (wrong.length > 0) {
    throw new Error(`The Electron fuses of ${binary} could not be set: ${wrong.map(([name]) => name).join(', ')} (is this Electron too old for them?)`);
  }
  return wire;
}

async function afterPack(context) {
  // electron-builder's own Arch enum (a number in the context) names the architecture.
  const { Arch } = require('electron-builder');
  const binary = packagedBinary(context);
  await writeFuses(binary, context.electronPlatformName, Arch[context.arch]);
  console.log(`  • Electron fuses set  ${Object.entries(FUSES).map(([name, on]) => `${name}=${on ? 'on' : 'off'}`).join(' ')}`);
}

module.exports = { FUSES, afterPack, fuseConfig, packagedBinary, writeFuses };
