import type { Api } from '../../bridge/Bridge.js';
import type { ClassifyController } from '../../editor/classify/ClassifyController.js';
import { suggestionFocus } from './suggestionFocus.js';

/**
 * Accept or reject the picked suggestion (Tab picks one), or with none picked every pending
 * suggestion of the image being labeled (in single-label mode an accept takes its best class),
 * then show the image as the store now has it. One command: undo takes it back.
 */
export async function decideSuggestions(api: Api, controller: ClassifyController, op: 'accept' | 'reject'): Promise<void> {
  const image = controller.state.image;
  if (!image) return;
  const picked = suggestionFocus.current();
  const which = picked === null ? { imageId: image.id } : { ids: [picked] };
  if (picked !== null) suggestionFocus.decided();
  if (op === 'accept') await api.call('suggestions.accept', which);
  else await api.call('suggestions.reject', which);
  await controller.refresh();
}
