import { describe, expect, it } from 'vitest';
import { onnxRuntime, openOnnxSession } from '../../src-main/models/onnxRuntime.js';
import { int, ints, node, onnxModel, tensorInfo } from '../helpers/onnxModel.js';

describe('ONNX runtime', () => {
  it('runs a model built by the test: the mean colour of each channel', async () => {
    const bytes = onnxModel({
      inputs: [tensorInfo('X', [1, 3, 2, 2])],
      outputs: [tensorInfo('Y', [1, 3])],
      nodes: [node('ReduceMean', ['X'], ['Y'], { axes: ints([2, 3]), keepdims: int(0) })],
      opset: 13,
    });
    const session = await openOnnxSession(bytes, 'mean.onnx');
    const ort = onnxRuntime();
    const x = new ort.Tensor('float32', Float32Array.from([1, 1, 1, 1, 0, 2, 4, 6, 9, 9, 9, 9]), [1, 3, 2, 2]);
    const out = await session.run({ X: x });
    expect(Array.from(out.Y!.data as Float32Array)).toEqual([1, 3, 9]);
  });

  it('refuses a file that is not ONNX with its name, as BAD_FILE', async () => {
    await expect(openOnnxSession(new TextEncoder().encode('not a model'), 'holiday.jpg')).rejects.toMatchObject({
      code: 'BAD_FILE',
      message: expect.stringMatching(/^holiday\.jpg is not an ONNX model/),
    });
  });
});
