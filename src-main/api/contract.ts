import type { z } from 'zod';
import { acquireMethods } from './acquire.js';
import { annotationsMethods } from './annotations.js';
import { captureMethods } from './capture.js';
import { classesMethods } from './classes.js';
import { datasetsMethods } from './datasets.js';
import { exportsMethods } from './exports.js';
import { imagesMethods } from './images.js';
import { jobsMethods } from './jobs.js';
import { labelsMethods } from './labels.js';
import { measurementsMethods } from './measurements.js';
import { packagesMethods } from './packages.js';
import { modelsMethods } from './models.js';
import { privacyMethods } from './privacy.js';
import { settingsMethods } from './settings.js';
import { suggestionsMethods } from './suggestions.js';

/**
 * The one contract between the renderer (or the CLI, or a test) and the main process.
 * Every transport loops over this table; nothing is registered by hand.
 */
export const methods = {
  ...datasetsMethods,
  ...imagesMethods,
  ...classesMethods,
  ...labelsMethods,
  ...jobsMethods,
  ...settingsMethods,
  ...exportsMethods,
  ...annotationsMethods,
  ...acquireMethods,
  ...captureMethods,
  ...measurementsMethods,
  ...packagesMethods,
  ...modelsMethods,
  ...suggestionsMethods,
  ...privacyMethods,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type Params<M extends MethodName> = z.input<Methods[M]['params']>;
export type ParsedParams<M extends MethodName> = z.output<Methods[M]['params']>;
export type Result<M extends MethodName> = z.infer<Methods[M]['result']>;

export const methodNames = Object.keys(methods) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(methods, name);
}
