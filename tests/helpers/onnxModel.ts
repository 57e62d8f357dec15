/**
 * Build small real ONNX models in tests (nothing is downloaded): a graph of standard operators
 * written with onnx-proto's protobuf classes and encoded to the bytes an .onnx file holds.
 *
 *   const bytes = onnxModel({
 *     inputs: [tensorInfo('X', [1, 3, 4, 4])],
 *     outputs: [tensorInfo('Y', [1, 3])],
 *     nodes: [node('ReduceMean', ['X'], ['Y'], { axes: ints([2, 3]), keepdims: int(0) })],
 *   });
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

export type Dim = number | string;

/** Element types of ONNX TensorProto.DataType used in tests. */
export const FLOAT = 1;
export const INT64 = 7;

export function tensorInfo(name: string, dims: Dim[], elemType = FLOAT): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

export function floatTensor(name: string, dims: number[], values: ArrayLike<number>): onnxProto.onnx.ITensorProto {
  return { name, dataType: FLOAT, dims, floatData: Array.from(values) };
}

export function int64Tensor(name: string, dims: number[], values: ArrayLike<number>): onnxProto.onnx.ITensorProto {
  return { name, dataType: INT64, dims, int64Data: Array.from(values) };
}

type Attr = onnxProto.onnx.IAttributeProto;
export const int = (i: number): Attr => ({ type: onnx.AttributeProto.AttributeType.INT, i });
export const ints = (v: number[]): Attr => ({ type: onnx.AttributeProto.AttributeType.INTS, ints: v });
export const float = (f: number): Attr => ({ type: onnx.AttributeProto.AttributeType.FLOAT, f });
export const str = (v: string): Attr => ({ type: onnx.AttributeProto.AttributeType.STRING, s: new TextEncoder().encode(v) });
export const tensorAttr = (t: onnxProto.onnx.ITensorProto): Attr => ({ type: onnx.AttributeProto.AttributeType.TENSOR, t });

export function node(opType: string, input: string[], output: string[], attrs: Record<string, Attr> = {}): onnxProto.onnx.INodeProto {
  return { opType, input, output, attribute: Object.entries(attrs).map(([name, a]) => ({ name, ...a })) };
}

export interface ModelSpec {
  inputs: onnxProto.onnx.IValueInfoProto[];
  outputs: onnxProto.onnx.IValueInfoProto[];
  nodes: onnxProto.onnx.INodeProto[];
  initializers?: onnxProto.onnx.ITensorProto[];
  /** ONNX metadata_props, e.g. Ultralytics' names / imgsz / task. */
  metadata?: Record<string, string>;
  opset?: number;
}

/** The bytes of an .onnx file for the graph. */
export function onnxModel(spec: ModelSpec): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'lightbox-tests',
    opsetImport: [{ domain: '', version: spec.opset ?? 17 }],
    metadataProps: Object.entries(spec.metadata ?? {}).map(([key, value]) => ({ key, value })),
    graph: {
      name: 'test',
      node: spec.nodes,
      initializer: spec.initializers ?? [],
      input: spec.inputs,
      output: spec.outputs,
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
