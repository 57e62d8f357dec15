/** The SAM tool's strings (merged into en.ts and zhCN.ts under `sam`). */
export const samEn = {
  panel: 'SAM model',
  hint: 'Click the object; Alt+click the background; drag a box around it. Enter keeps the mask, Esc drops it, Backspace takes the last click back.',
  noModel: 'No SAM model yet. Lightbox ships none and downloads none: export your SAM-family model (segment-anything, MobileSAM, EfficientSAM, MedSAM) as an encoder and a decoder .onnx, then add both in Settings → Models ({{keys}}).',
  modelLabel: 'Model',
  pair: '{{encoder}} + {{decoder}}',
  missing: 'file missing',
  oldSetting: "This dataset's SAM model could not be added to Settings → Models: {{message}}",
  embedding: 'Computing the image embedding… {{done}}/{{total}}',
  thinking: 'Making the mask…',
  ready: 'Mask ready: {{area}} px (score {{score}}). Enter keeps it.',
  nothing: 'The model found no object there: click inside it, or drag a box around it.',
  notice: {
    notReady: 'The mask is not ready yet: wait for the preview, then press Enter.',
  },
};

export const samZhCN: typeof samEn = {
  panel: 'SAM 模型',
  hint: '单击目标；Alt+单击背景；拖出一个框围住目标。Enter 保留掩膜，Esc 放弃，Backspace 撤回上一次单击。',
  noModel: '还没有 SAM 模型。Lightbox 不自带也不下载模型：请将您的 SAM 系列模型（segment-anything、MobileSAM、EfficientSAM、MedSAM）导出为编码器和解码器两个 .onnx 文件，然后在“设置 → 模型”中添加（{{keys}}）。',
  modelLabel: '模型',
  pair: '{{encoder}} + {{decoder}}',
  missing: '文件缺失',
  oldSetting: '无法将此数据集的 SAM 模型添加到“设置 → 模型”：{{message}}',
  embedding: '正在计算图像嵌入… {{done}}/{{total}}',
  thinking: '正在生成掩膜…',
  ready: '掩膜已就绪：{{area}} 像素（得分 {{score}}）。按 Enter 保留。',
  nothing: '模型在此处没有找到目标：请在目标内部单击，或拖出一个框围住它。',
  notice: {
    notReady: '掩膜尚未就绪：请等待预览出现后再按 Enter。',
  },
};
