/**
 * A small SAM-interface model pair, built from ONNX operators (nothing is downloaded):
 * - encoder: the segment-anything input [1,3,1024,1024] average-pooled to 64×64 and mixed to 256
 *   channels (`image_embeddings` [1,256,64,64]); or an HWC uint8 variant that takes [H,W,3];
 * - decoder: built as segment-anything's SamOnnxModel is. Its three masks are logits on the
 *   256² low-res grid of the padded 1024² frame the embedding was made in (`point_coords` are in
 *   that frame): the complement (rated 0.2), the right one (rated 0.9) and an empty one (rated 0.5).
 *   The right one is the union of disks of radius DISK_RADIUS (frame pixels) around the positive
 *   points and the box (labels 2, 3), minus disks around the negative points; with `has_mask_input` 1
 *   it also covers `mask_input` grown so a fed-back disk is twice as wide. `low_res_masks` are those
 *   logits; `masks` are SAM's mask_postprocessing of them: bilinear to 1024², cropped to the resized
 *   size that `orig_im_size` implies, bilinear to `orig_im_size` (the full-size upsample that makes a
 *   real decoder slow on a 4096² image). So a wrong point scaling, a wrong `orig_im_size`, an upsample
 *   that is not SAM's or a pick that ignores `iou_predictions` shows in the mask.
 */
import { FLOAT, floatTensor, int, int64Tensor, ints, node, onnxModel, str, tensorInfo } from './onnxModel.js';
import { resizedSize } from '../../src-main/vision/sam/samLayout.js';

/** Radius of the test decoder's disks, in pixels of the resized image (longest side 1024): 25 px on a 400 px wide image. */
export const DISK_RADIUS = 64;

/**
 * What the test decoder's right mask is on a width × height image, as SAM's geometry places it:
 * a pixel is in when its centre, taken into the resized frame as SAM's bilinear upsample takes it
 * ((x + 0.5) · rw / width − 0.5), is within DISK_RADIUS of a positive point scaled into that frame
 * (x · rw / width), and not within it of a negative one. `fedBack`: the positives of the previous
 * prompt, whose low-res mask came back as mask_input (a disk twice as wide).
 */
export function expectedSamMask(width: number, height: number, pos: [number, number][], neg: [number, number][] = [], fedBack: [number, number][] = []): Uint8Array {
  const r = resizedSize(width, height);
  const sx = r.width / width;
  const sy = r.height / height;
  const out = new Uint8Array(width * height);
  const near = (u: number, v: number, [px, py]: [number, number], k: number) => (u - px * sx) ** 2 + (v - py * sy) ** 2 < (k * DISK_RADIUS) ** 2;
  for (let y = 0; y < height; y++) {
    const v = (y + 0.5) * sy - 0.5;
    for (let x = 0; x < width; x++) {
      const u = (x + 0.5) * sx - 0.5;
      const on = pos.some((p) => near(u, v, p, 1)) || fedBack.some((p) => near(u, v, p, 2));
      out[y * width + x] = on && !neg.some((p) => near(u, v, p, 1)) ? 1 : 0;
    }
  }
  return out;
}

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

/**
 * The decoder described above; `rename` gives an input or output another name (a model Lightbox
 * must refuse); `lowRes: false` leaves the `low_res_masks` output out (the layout does not require it).
 */
export function samTestDecoder(opts: { rename?: Renames; lowRes?: boolean } = {}): Uint8Array {
  const n = (k: keyof Renames) => opts.rename?.[k] ?? k;
  const c = (name: string, v: number) => floatTensor(name, [], [v]);
  const linear = { mode: str('linear'), coordinate_transformation_mode: str('half_pixel') };
  return onnxModel({
    inputs: [
      tensorInfo(n('image_embeddings'), [1, 256, 64, 64]),
      tensorInfo(n('point_coords'), [1, 'n', 2]),
      tensorInfo(n('point_labels'), [1, 'n']),
      tensorInfo(n('mask_input'), [1, 1, 256, 256]),
      tensorInfo(n('has_mask_input'), [1]),
      tensorInfo(n('orig_im_size'), [2]),
    ],
    outputs: [
      tensorInfo(n('masks'), [1, 3, 'H', 'W']),
      tensorInfo('iou_predictions', [1, 3]),
      ...(opts.lowRes === false ? [] : [tensorInfo('low_res_masks', [1, 3, 256, 256])]),
    ],
    initializers: [
      c('zero', 0),
      c('one', 1),
      c('half', 0.5),
      c('onePointFive', 1.5),
      c('two', 2),
      c('three', 3),
      c('four', 4),
      c('side', 1024),
      c('lowSide', 256),
      c('r2', DISK_RADIUS * DISK_RADIUS),
      // mask_input + 3R² is above 0 within 2R of a fed-back point.
      c('grow', 3 * DISK_RADIUS * DISK_RADIUS),
      c('far', -1e9),
      int64Tensor('i0', [], [0]),
      int64Tensor('i1', [], [1]),
      int64Tensor('col', [3], [-1, 1, 1]),
      int64Tensor('row1', [3], [1, 1, -1]),
      int64Tensor('col1', [3], [1, -1, 1]),
      int64Tensor('rowv', [2], [1, -1]),
      int64Tensor('colv', [2], [-1, 1]),
      int64Tensor('ax01', [2], [0, 1]),
      int64Tensor('ax23', [2], [2, 3]),
      int64Tensor('starts', [2], [0, 0]),
      int64Tensor('nc', [2], [1, 3]),
      int64Tensor('upSizes', [4], [1, 3, 1024, 1024]),
      floatTensor('iou', [1, 3], [0.2, 0.9, 0.5]),
    ],
    nodes: [
      // Centres of the low-res cells in the frame's pixel coordinates (cell u covers pixels 4u..4u+3).
      node('Range', ['zero', 'lowSide', 'one'], ['us']),
      node('Mul', ['us', 'four'], ['us4']),
      node('Add', ['us4', 'onePointFive'], ['uc']),
      node('Gather', [n('point_coords'), 'i0'], ['px'], { axis: int(2) }),
      node('Gather', [n('point_coords'), 'i1'], ['py'], { axis: int(2) }),
      node('Reshape', ['px', 'col'], ['pxN']),
      node('Reshape', ['py', 'col'], ['pyN']),
      node('Reshape', ['uc', 'row1'], ['ucRow']),
      node('Reshape', ['uc', 'col1'], ['ucCol']),
      node('Sub', ['ucRow', 'pxN'], ['dx']),
      node('Sub', ['ucCol', 'pyN'], ['dy']),
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
      node('Reshape', ['uc', 'rowv'], ['ux2']),
      node('Reshape', ['uc', 'colv'], ['uy2']),
      node('Sub', ['ux2', 'tlx'], ['bl']),
      node('Sub', ['brx', 'ux2'], ['br']),
      node('Sub', ['uy2', 'tly'], ['bt']),
      node('Sub', ['bry', 'uy2'], ['bb']),
      node('Min', ['bl', 'br', 'bt', 'bb'], ['boxT']),
      // The previous mask fed back (has_mask_input 1), grown.
      node('Squeeze', [n('mask_input'), 'ax01'], ['prior']),
      node('Add', ['prior', 'grow'], ['priorGrown']),
      node('Greater', [n('has_mask_input'), 'half'], ['hasPrior']),
      node('Where', ['hasPrior', 'priorGrown', 'far'], ['priorT']),
      node('Max', ['pos', 'boxT', 'priorT'], ['inside']),
      node('Neg', ['neg'], ['notNeg']),
      node('Min', ['inside', 'notNeg'], ['logit']),
      // Three candidates; only the one rated best is right.
      node('Neg', ['logit'], ['wrong']),
      node('Add', ['logit', 'far'], ['empty']),
      node('Unsqueeze', ['wrong', 'ax01'], ['m0']),
      node('Unsqueeze', ['logit', 'ax01'], ['m1']),
      node('Unsqueeze', ['empty', 'ax01'], ['m2']),
      node('Concat', ['m0', 'm1', 'm2'], ['low_res_masks'], { axis: int(1) }),
      node('Identity', ['iou'], ['iou_predictions']),
      // SAM's mask_postprocessing: bilinear to 1024², crop to the resized size, bilinear to orig_im_size.
      node('Resize', ['low_res_masks', '', '', 'upSizes'], ['up'], linear),
      node('ReduceMax', [n('orig_im_size')], ['longest'], { keepdims: int(0) }),
      node('Div', ['side', 'longest'], ['scale']),
      node('Mul', [n('orig_im_size'), 'scale'], ['scaled']),
      node('Add', ['scaled', 'half'], ['scaledHalf']),
      node('Floor', ['scaledHalf'], ['prepadded']),
      node('Cast', ['prepadded'], ['prepaddedI'], { to: int(7 /* INT64 */) }),
      node('Slice', ['up', 'starts', 'prepaddedI', 'ax23'], ['cropped']),
      node('Cast', [n('orig_im_size')], ['origI'], { to: int(7 /* INT64 */) }),
      node('Concat', ['nc', 'origI'], ['outSizes'], { axis: int(0) }),
      node('Resize', ['cropped', '', '', 'outSizes'], [n('masks')], linear),
    ],
    opset: 17,
  });
}
