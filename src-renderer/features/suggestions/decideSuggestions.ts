import type { Api } from '../../bridge/Bridge.js';
import type { ClassifyController } from '../../editor/classify/ClassifyController.js';

/**
 * Accept or reject every pending suggestion of the image being labeled (in single-label mode an
 * accept takes its best class), then show the image as the store now has it. One command: undo
 * takes it back.
 */
export async function decideSuggestions(api: Api, controller: ClassifyController, op: 'accept' | 'reject'): Promise<void> {
  const image = controller.state.image;
  if (!image) return;
  if (op === 'accept') await api.call('suggestions.accept', { imageId: image.id });
  else await api.call('suggestions.reject', { imageId: image.id });
  await controller.refresh();
}
