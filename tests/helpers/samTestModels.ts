/**
 * A small SAM-interface model pair, built from ONNX operators (nothing is downloaded):
 * - encoder: the segment-anything input [1,3,1024,1024] average-pooled to 64×64 and mixed to 256
 *   channels (`image_embeddings` [1,256,64,64]); or an HWC uint8 variant that takes [H,W,3];
 * - decoder: undoes the longest-side-1024 scaling of `point_coords` with `orig_im_size` (the
 *   rounding segment-anything uses), then answers at the image's own size with three masks:
 *   the complement (rated 0.2), the right one (rated 0.9) and an empty one (rated 0.5). The right
 *   one is the union of disks of radius R around the positive points and the box (labels 2, 3),
 *   minus disks around the negative points. So a wrong point scaling, a wrong `orig_im_size` or a
 *   pick that ignores `iou_predictions` shows in the mask.
 *   Its `low_res_masks` are disks of radius 2R around the positive points (in the 256² frame of the
 *   padded 1024² image), and with `has_mask_input` 1 the right mask also covers where `mask_input`
 *   is above 0 (upsampled to the image's pixels): so a previous mask fed back shows as a 2R disk.
 */
import { FLOAT, floatTensor, int, int64Tensor, ints, node, onnxModel, tensorInfo } from './onnxModel.js';

/** Radius of the test decoder's disks, in original image pixels. */
export const DISK_RADIUS = 25;

function mixWeights(): number[] {
  const w: number[] = [];
  for (let o = 0; o < 256; o++) for (let c = 0; c < 3; c++) w.push(((o * 7 + c * 13) % 17) / 17 - 0.5);
  return w;
}

/** The encoder in segment-anything's layout: float [1,3,1024,1024] in, `image_embeddings` out. */
export function samTestEncoder(opts: { inputName?: string } = {}): Uint8Array {
  const input = opts.inputName ?? 'image';
  return onnxModel({
    inputs: [tensorInfo(input, [1, 3, 1024, 1024])],
    outputs: [tensorInfo('image_embeddings', [1, 256, 64, 64])],
    initializers: [floatTensor('mix', [256, 3, 1, 1], mixWeights())],
    nodes: [
      node('AveragePool', [input], ['pooled'], { kernel_shape: ints([16, 16]), strides: ints([16, 16]) }),
      node('Conv', ['pooled', 'mix'], ['image_embeddings']),
    ],
    opset: 17,
  });
}

/** An encoder that takes the resized image as [H,W,3] uint8 and normalises it itself. */
export function samTestHwcEncoder(): Uint8Array {
  return onnxModel({
    inputs: [tensorInfo('input_image', ['h', 'w', 3], 2 /* UINT8 */)],
    outputs: [tensorInfo('image_embeddings', [1, 256, 64, 64])],
    initializers: [floatTensor('mix', [256, 3, 1, 1], mixWeights()), int64Tensor('shape4', [4], [1, 3, 1, 1]), int64Tensor('embShape', [4], [1, 256, 64, 64])],
    nodes: [
      node('Cast', ['input_image'], ['f'], { to: int(FLOAT) }),
      node('ReduceMean', ['f'], ['mean'], { axes: ints([0, 1]), keepdims: int(0) }),
      node('Reshape', ['mean', 'shape4'], ['m4']),
      node('Conv', ['m4', 'mix'], ['e1']),
      node('Expand', ['e1', 'embShape'], ['image_embeddings']),
    ],
    opset: 17,
  });
}

type Renames = Partial<Record<'image_embeddings' | 'point_coords' | 'point_labels' | 'mask_input' | 'has_mask_input' | 'orig_im_size' | 'masks', string>>;

/** The decoder described above; `rename` gives an input or output another name (a model Lightbox must refuse). */
export function samTestDecoder(opts: { rename?: Renames } = {}): Uint8Array {
  const n = (k: keyof Renames) => opts.rename?.[k] ?? k;
  const c = (name: string, v: number) => floatTensor(name, [], [v]);
  return onnxModel({
    inputs: [
      tensorInfo(n('image_embeddings'), [1, 256, 64, 64]),
      tensorInfo(n('point_coords'), [1, 'n', 2]),
      tensorInfo(n('point_labels'), [1, 'n']),
      tensorInfo(n('mask_input'), [1, 1, 256, 256]),
      tensorInfo(n('has_mask_input'), [1]),
      tensorInfo(n('orig_im_size'), [2]),
    ],
    outputs: [tensorInfo(n('masks'), [1, 3, 'H', 'W']), tensorInfo('iou_predictions', [1, 3]), tensorInfo('low_res_masks', [1, 3, 256, 256])],
    initializers: [
      c('zero', 0),
      c('one', 1),
      c('half', 0.5),
      c('two', 2),
      c('three', 3),
      c('side', 1024),
      c('r2', DISK_RADIUS * DISK_RADIUS),
      c('far', -1e9),
      int64Tensor('i0', [], [0]),
      int64Tensor('i1', [], [1]),
      int64Tensor('wh', [2], [1, 0]),
      int64Tensor('col', [3], [-1, 1, 1]),
      int64Tensor('row1', [3], [1, 1, -1]),
      int64Tensor('col1', [3], [1, -1, 1]),
      int64Tensor('rowv', [2], [1, -1]),
      int64Tensor('colv', [2], [-1, 1]),
      int64Tensor('ax01', [2], [0, 1]),
      int64Tensor('lowShape', [4], [1, 3, 256, 256]),
      c('four', 4),
      c('lowSide', 256),
      c('r2low', ((2 * DISK_RADIUS) / 4) ** 2),
      floatTensor('iou', [1, 3], [0.2, 0.9, 0.5]),
    ],
    nodes: [
      // The size the encoder saw: floor(orig * 1024 / max + 0.5), per axis (h, w).
      node('ReduceMax', [n('orig_im_size')], ['longest'], { keepdims: int(0) }),
      node('Div', ['side', 'longest'], ['scale']),
      node('Mul', [n('orig_im_size'), 'scale'], ['scaled']),
      node('Add', ['scaled', 'half'], ['scaledHalf']),
      node('Floor', ['scaledHalf'], ['resized']),
      node('Div', [n('orig_im_size'), 'resized'], ['ratioHW']),
      node('Gather', ['ratioHW', 'wh'], ['ratioWH']),
      // Points back in original pixels.
      node('Mul', [n('point_coords'), 'ratioWH'], ['pts']),
      node('Gather', ['pts', 'i0'], ['px'], { axis: int(2) }),
      node('Gather', ['pts', 'i1'], ['py'], { axis: int(2) }),
      node('Reshape', ['px', 'col'], ['pxN']),
      node('Reshape', ['py', 'col'], ['pyN']),
      // Pixel grids of the original image.
      node('Gather', [n('orig_im_size'), 'i0'], ['hF']),
      node('Gather', [n('orig_im_size'), 'i1'], ['wF']),
      node('Range', ['zero', 'hF', 'one'], ['ys']),
      node('Range', ['zero', 'wF', 'one'], ['xs']),
      node('Reshape', ['xs', 'row1'], ['xs3']),
      node('Reshape', ['ys', 'col1'], ['ys3']),
      node('Sub', ['xs3', 'pxN'], ['dx']),
      node('Sub', ['ys3', 'pyN'], ['dy']),
      node('Mul', ['dx', 'dx'], ['dx2']),
      node('Mul', ['dy', 'dy'], ['dy2']),
      node('Add', ['dx2', 'dy2'], ['d2']),
      node('Sub', ['r2', 'd2'], ['t']),
      node('Reshape', [n('point_labels'), 'col'], ['lab']),
      node('Equal', ['lab', 'one'], ['isPos']),
      node('Equal', ['lab', 'zero'], ['isNeg']),
      node('Equal', ['lab', 'two'], ['isTL']),
      node('Equal', ['lab', 'three'], ['isBR']),
      node('Where', ['isPos', 't', 'far'], ['posT']),
      node('Where', ['isNeg', 't', 'far'], ['negT']),
      node('ReduceMax', ['posT'], ['pos'], { axes: ints([0]), keepdims: int(0) }),
      node('ReduceMax', ['negT'], ['neg'], { axes: ints([0]), keepdims: int(0) }),
      // The box from its corners (label 2 top-left, 3 bottom-right); without one it covers nothing.
      node('Where', ['isTL', 'pxN', 'far'], ['tlxN']),
      node('Where', ['isTL', 'pyN', 'far'], ['tlyN']),
      node('Where', ['isBR', 'pxN', 'far'], ['brxN']),
      node('Where', ['isBR', 'pyN', 'far'], ['bryN']),
      node('ReduceMax', ['tlxN'], ['tlx'], { keepdims: int(0) }),
      node('ReduceMax', ['tlyN'], ['tly'], { keepdims: int(0) }),
      node('ReduceMax', ['brxN'], ['brx'], { keepdims: int(0) }),
      node('ReduceMax', ['bryN'], ['bry'], { keepdims: int(0) }),
      node('Reshape', ['xs', 'rowv'], ['xs2']),
      node('Reshape', ['ys', 'colv'], ['ys2']),
      node('Sub', ['xs2', 'tlx'], ['bl']),
      node('Sub', ['brx', 'xs2'], ['br']),
      node('Sub', ['ys2', 'tly'], ['bt']),
      node('Sub', ['bry', 'ys2'], ['bb']),
      node('Min', ['bl', 'br', 'bt', 'bb'], ['boxT']),
      // The previous mask fed back (has_mask_input 1): mask_input upsampled to the image's pixels.
      node('Mul', ['xs', 'scale'], ['xsR']),
      node('Div', ['xsR', 'four'], ['xsL']),
      node('Floor', ['xsL'], ['xsLf']),
      node('Cast', ['xsLf'], ['xIdx'], { to: int(7 /* INT64 */) }),
      node('Mul', ['ys', 'scale'], ['ysR']),
      node('Div', ['ysR', 'four'], ['ysL']),
      node('Floor', ['ysL'], ['ysLf']),
      node('Cast', ['ysLf'], ['yIdx'], { to: int(7 /* INT64 */) }),
      node('Gather', [n('mask_input'), 'xIdx'], ['priorX'], { axis: int(3) }),
      node('Gather', ['priorX', 'yIdx'], ['priorXY'], { axis: int(2) }),
      node('Squeeze', ['priorXY', 'ax01'], ['prior']),
      node('Greater', [n('has_mask_input'), 'half'], ['hasPrior']),
      node('Where', ['hasPrior', 'prior', 'far'], ['priorT']),
      node('Max', ['pos', 'boxT', 'priorT'], ['inside']),
      node('Neg', ['neg'], ['notNeg']),
      node('Min', ['inside', 'notNeg'], ['logit']),
      // Three candidates; only the one rated best is right.
      node('Neg', ['logit'], ['wrong']),
      node('Add', ['logit', 'far'], ['empty']),
      node('Unsqueeze', ['wrong', 'ax01'], ['m0']),
      node('Unsqueeze', ['logit', 'ax01'], ['m1']),
      node('Unsqueeze', ['empty', 'ax01'], ['m2']),
      node('Concat', ['m0', 'm1', 'm2'], [n('masks')], { axis: int(1) }),
      node('Identity', ['iou'], ['iou_predictions']),
      // low_res_masks: disks of radius 2R around the positive points, in the 256² frame (point_coords / 4).
      node('Range', ['zero', 'lowSide', 'one'], ['us']),
      node('Mul', ['us', 'four'], ['us4']),
      node('Add', ['us4', 'two'], ['uc']),
      node('Gather', [n('point_coords'), 'i0'], ['rx'], { axis: int(2) }),
      node('Gather', [n('point_coords'), 'i1'], ['ry'], { axis: int(2) }),
      node('Reshape', ['rx', 'col'], ['rxN']),
      node('Reshape', ['ry', 'col'], ['ryN']),
      node('Reshape', ['uc', 'row1'], ['ucRow']),
      node('Reshape', ['uc', 'col1'], ['ucCol']),
      node('Sub', ['ucRow', 'rxN'], ['ldx']),
      node('Sub', ['ucCol', 'ryN'], ['ldy']),
      node('Div', ['ldx', 'four'], ['ldx4']),
      node('Div', ['ldy', 'four'], ['ldy4']),
      node('Mul', ['ldx4', 'ldx4'], ['ldx2']),
      node('Mul', ['ldy4', 'ldy4'], ['ldy2']),
      node('Add', ['ldx2', 'ldy2'], ['ld2']),
      // The low-res radius in the resized frame: 2R × scale, so 2R image pixels.
      node('Mul', ['scale', 'scale'], ['scale2']),
      node('Mul', ['r2low', 'scale2'], ['r2lowS']),
      node('Sub', ['r2lowS', 'ld2'], ['lt']),
      node('Where', ['isPos', 'lt', 'far'], ['lowPosT']),
      node('ReduceMax', ['lowPosT'], ['lowPos'], { axes: ints([0]), keepdims: int(0) }),
      node('Unsqueeze', ['lowPos', 'ax01'], ['low1']),
      node('Expand', ['low1', 'lowShape'], ['low_res_masks']),
    ],
    opset: 17,
  });
}
