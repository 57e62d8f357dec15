/** The export dialog's strings for the formats that feed training at scale (merged into en.ts and zhCN.ts under `trainExport`). */
export const trainExportEn = {
  hint: {
    webdataset:
      'Tar shards for the WebDataset loader: one folder per split (train/NAME-000000.tar …). Each sample is KEY.jpg or KEY.png, KEY.json (labels, split, regions in pixels) and KEY.cls (class index, single-label); dataset.json lists the classes and shards.',
    parquet:
      'Parquet files for Hugging Face datasets: data/train-00000-of-0000N.parquet (and validation, test). One row per image: its bytes and file name (an Image feature), label, split, size and regions as JSON.',
  },
  shardSize: 'Images per shard',
  shardMegabytes: 'Megabytes per shard',
  shardHint: 'A new shard starts at whichever limit is reached first; a sample is never split.',
};

export const trainExportZhCN: typeof trainExportEn = {
  hint: {
    webdataset:
      '供 WebDataset 加载器使用的 tar 分片：每个划分一个文件夹（train/NAME-000000.tar …）。每个样本包括 KEY.jpg 或 KEY.png、KEY.json（标签、划分、以像素表示的区域）和 KEY.cls（类别索引，单标签）；dataset.json 列出类别和分片。',
    parquet:
      '供 Hugging Face datasets 使用的 Parquet 文件：data/train-00000-of-0000N.parquet（以及 validation、test）。每张图像一行：图像字节和文件名（Image 特征）、标签、划分、尺寸，以及 JSON 格式的区域。',
  },
  shardSize: '每个分片的图像数',
  shardMegabytes: '每个分片的兆字节数',
  shardHint: '先达到哪个上限就开始新的分片；一个样本不会被拆开。',
};
