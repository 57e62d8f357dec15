/** Strings of de-identification and redaction (merged into en.ts and zhCN.ts under `deid`). */
export const deidEn = {
  notice: {
    selectFirst: 'Select a region first (Tab), then apply it to the images like this one.',
    applied: 'Added to {{count}} more image(s) of the same size and source (the same series for DICOM, the same folder otherwise). Ctrl+Z takes it back.',
  },
  classRedact: 'Redact',
  classRedactHint: 'Regions of this class are blacked out (or blurred) in every export and never exported as labels',
  export: {
    redact: 'Redaction regions',
    redactFill: 'fill black',
    redactBlur: 'blur',
    dates: 'DICOM dates',
    datesShift: 'shift per patient',
    datesRemove: 'remove',
    dicomHint: 'De-identified copies of the DICOM files (PS3.15 Basic Profile); other images are left out.',
    redacted: 'Redaction regions hidden in {{count}} image(s).',
    dicom: 'DICOM de-identified: {{files}} file(s); refused (not written): {{refused}}. See PRIVACY.txt.',
  },
};

export const deidZhCN: typeof deidEn = {
  notice: {
    selectFirst: '请先选中一个区域（Tab），再将其应用到与此图像尺寸相同、来源相同的图像。',
    applied: '已添加到另外 {{count}} 张尺寸相同、来源相同的图像（DICOM 按同一序列，其他图像按同一文件夹）。按 Ctrl+Z 可撤销。',
  },
  classRedact: '遮盖',
  classRedactHint: '此类别的区域在每次导出时都会被涂黑（或模糊处理），且不会作为标注导出',
  export: {
    redact: '遮盖区域',
    redactFill: '涂黑',
    redactBlur: '模糊',
    dates: 'DICOM 日期',
    datesShift: '按患者偏移',
    datesRemove: '删除',
    dicomHint: '导出 DICOM 文件的去标识化副本（按 PS3.15 基本应用级保密规范处理）；非 DICOM 图像不导出。',
    redacted: '已在 {{count}} 张图像中隐藏遮盖区域。',
    dicom: 'DICOM 去标识化：{{files}} 个文件；已拒绝（未写入）：{{refused}} 个。详见 PRIVACY.txt。',
  },
};
