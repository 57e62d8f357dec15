/** Strings of face proposals started from the app (merged into en.ts and zhCN.ts under `faces`). */
export const facesEn = {
  propose: 'Propose face redactions',
  proposeHint: 'Look for faces in every image with the detector that ships inside Lightbox (offline) and propose a redaction box on each, for you to accept (Y) or reject (X) when labeling. Small, profile and covered faces can be missed.',
  action: { propose: 'Propose face redactions (look for faces in the dataset)' },
  progress: 'Looking for faces: {{done}} of {{total}} images',
  cancel: 'Cancel',
  dismiss: 'Dismiss',
  found: '{{faces}} face box(es) proposed on {{looked}} image(s), as the redaction class “{{className}}”.',
  skipped: '{{count}} image(s) were looked at before and skipped.',
  nothingNew: 'No new images to look at: {{count}} image(s) were looked at before and skipped.',
  unreadable: '{{count}} image(s) could not be read.',
  review: 'Open an image to review them (Label): Y accepts, X rejects. Nothing is hidden until accepted.',
  cancelled: 'Face proposals were cancelled; the boxes found so far are kept for review.',
  failed: 'Face proposals stopped: {{reason}}',
};

export const facesZhCN: typeof facesEn = {
  propose: '建议遮盖人脸',
  proposeHint: '使用 Lightbox 内置的检测器（离线）在每张图像中查找人脸，并为每张人脸建议一个遮盖框，由你在标注界面中接受（Y）或拒绝（X）。很小、侧脸或被遮挡的人脸可能检测不到。',
  action: { propose: '建议遮盖人脸（在数据集中查找人脸）' },
  progress: '正在查找人脸：已完成 {{done}} / {{total}} 张图像',
  cancel: '取消',
  dismiss: '关闭',
  found: '已在 {{looked}} 张图像中建议 {{faces}} 个人脸框，归入遮盖类别“{{className}}”。',
  skipped: '{{count}} 张图像此前已检测过，已跳过。',
  nothingNew: '没有需要检测的新图像：{{count}} 张图像此前已检测过，已跳过。',
  unreadable: '{{count}} 张图像无法读取。',
  review: '打开图像（标注界面）即可审核：按 Y 接受，按 X 拒绝。接受之前不会遮盖任何内容。',
  cancelled: '人脸建议已取消；已找到的框会保留，供你审核。',
  failed: '人脸建议已停止：{{reason}}',
};
