import type { Plugin as EsbuildPlugin } from 'esbuild';
import type { Plugin as VitePlugin } from 'vite';

export function bundleThread(entry: string): { code: string; inputs: string[] };
export function esbuildThreadPlugin(): EsbuildPlugin;
export function viteThreadPlugin(): VitePlugin;
