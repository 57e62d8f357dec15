/** Mapping a model's labels onto the dataset's classes (merged into en.ts and zhCN.ts under `modelMap`). */
export const modelMapEn = {
  open: 'Labels…',
  openHint: "Choose what this model's labels become in the open dataset",
  title: 'Labels of {{model}} in this dataset',
  allMatched: 'Every label of this model is a class of this dataset.',
  byName: '{{n}} label(s) match a class by name.',
  needsDecision: '{{n}} label(s) are not classes of this dataset: map each onto a class, create it, or ignore it.',
  label: 'Model label',
  becomes: 'Stored as',
  choose: 'Not stored (choose…)',
  create: 'Create class “{{name}}”',
  ignore: 'Ignore (not stored)',
  mappedHint: 'Kept for this model in this dataset; every pre-label with it uses this.',
  noDataset: 'Open a dataset to map this model’s labels onto its classes.',
};

export const modelMapZhCN: typeof modelMapEn = {
  open: '标签…',
  openHint: '选择此模型的标签在当前数据集中对应的类别',
  title: '{{model}} 在此数据集中的标签',
  allMatched: '此模型的每个标签都是此数据集的类别。',
  byName: '{{n}} 个标签按名称匹配到类别。',
  needsDecision: '{{n}} 个标签不是此数据集的类别：将其映射到某个类别、创建该类别，或忽略它。',
  label: '模型标签',
  becomes: '存为',
  choose: '不保存（请选择…）',
  create: '创建类别“{{name}}”',
  ignore: '忽略（不保存）',
  mappedHint: '按模型和数据集保存；之后用此模型预标注时都会使用。',
  noDataset: '打开数据集后，才能将此模型的标签映射到其类别。',
};
