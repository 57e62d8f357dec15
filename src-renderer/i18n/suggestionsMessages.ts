/** The model suggestions' strings (merged into en.ts and zhCN.ts under `suggestions`). */
export const suggestionsEn = {
  title: 'Model suggestions',
  score: '{{pct}}%',
  from: 'Suggested by {{model}}',
  keys: '{{accept}} accept · {{reject}} reject',
  accept: 'Accept',
  reject: 'Reject',
  action: { accept: 'Accept the suggestion(s) shown', reject: 'Reject the suggestion(s) shown' },
  none: 'No suggestion for this image',
  accepted: 'Accepted {{n}} suggestion(s)',
  rejected: 'Rejected {{n}} suggestion(s)',
  library: {
    filter: 'Model',
    suggested: 'Has suggestions',
    errors: 'Likely label errors',
    sortScore: 'Model confidence',
    sortMargin: 'Least confident first',
  },
};

export const suggestionsZhCN: typeof suggestionsEn = {
  title: '模型建议',
  score: '{{pct}}%',
  from: '来自 {{model}} 的建议',
  keys: '{{accept}} 接受 · {{reject}} 拒绝',
  accept: '接受',
  reject: '拒绝',
  action: { accept: '接受显示的建议', reject: '拒绝显示的建议' },
  none: '此图像没有建议',
  accepted: '已接受 {{n}} 条建议',
  rejected: '已拒绝 {{n}} 条建议',
  library: {
    filter: '模型',
    suggested: '有建议',
    errors: '可能的标注错误',
    sortScore: '模型置信度',
    sortMargin: '最不确定的优先',
  },
};
