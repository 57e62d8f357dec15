/** The region tool bar's groups (merged into en.ts and zhCN.ts under `toolbar`). */
export const toolbarEn = {
  draw: 'Draw',
  assist: 'Assists',
  measure: 'Measure',
  /** A tool's tooltip: its name and key. */
  tool: '{{name}} ({{key}})',
};

export const toolbarZhCN: typeof toolbarEn = {
  draw: '绘制',
  assist: '辅助',
  measure: '测量',
  tool: '{{name}}（{{key}}）',
};
