/** The teams strings (merged into en.ts and zhCN.ts under `teams`): the Stats screen's agreement chart. */
export const teamsEn = {
  agreement: 'Agreement between annotators',
  fleiss: "Fleiss' κ across {{count}} annotators, {{images}} shared images: {{kappa}}",
  cohen: "Cohen's κ per pair (image classes)",
  iou: 'Mean IoU of regions per pair (matched one to one)',
  gold: 'Accuracy on gold images',
  goldCount: '{{correct}} of {{images}}',
  throughput: 'Images per hour of labeling',
  states: '{{agreed}} agreed · {{majority}} by majority · {{single}} one answer · {{review}} to review · {{reviewed}} reviewed',
  hint: 'κ is 1 for perfect agreement and 0 for what chance alone gives. Merge results with `lightbox package merge`.',
};

export const teamsZhCN: typeof teamsEn = {
  agreement: '标注者之间的一致性',
  fleiss: 'Fleiss κ（{{count}} 位标注者，{{images}} 张共同图像）：{{kappa}}',
  cohen: '每对标注者的 Cohen κ（图像类别）',
  iou: '每对标注者区域的平均 IoU（一对一匹配）',
  gold: '黄金标准图像上的准确率',
  goldCount: '{{images}} 张中 {{correct}} 张正确',
  throughput: '每小时标注的图像数',
  states: '{{agreed}} 张一致 · {{majority}} 张按多数 · {{single}} 张单人作答 · {{review}} 张待审核 · {{reviewed}} 张已审核',
  hint: 'κ 为 1 表示完全一致，为 0 表示与随机一致相同。用 `lightbox package merge` 合并结果。',
};
