import { LightboxError } from '../api/errors.js';
import type { Handlers } from './handlers.js';

export const exportsHandlers: Handlers<'exports.run'> = {
  'exports.run': () => {
    throw new LightboxError('INTERNAL', 'Export is not available in this build yet.');
  },
};
