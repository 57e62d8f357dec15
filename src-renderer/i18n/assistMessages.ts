/**
 * The region assists' strings (issue 11): magic wand, GrabCut, threshold in a box, clean-up and
 * conversions. `assistEn`/`assistZhCN` go under `assist`; the tool and action names are spread into
 * `region.tool` and `region.action`, where the toolbar and the keymap table look them up.
 */
export const assistToolsEn = { wand: 'Magic wand', grabcut: 'GrabCut', threshold: 'Threshold' };

export const assistActionsEn = {
  wand: 'Magic wand (click; drag up/down or scroll: tolerance; Shift adds, Alt subtracts)',
  grabcut: 'GrabCut (drag a box; drag hints, Alt: background)',
  threshold: 'Threshold in a box (drag a box; drag up/down: level)',
  fillHoles: 'Clean-up: fill holes',
  removeIslands: 'Clean-up: remove small islands',
  smooth: 'Clean-up: smooth',
  grow: 'Clean-up: grow',
  shrink: 'Clean-up: shrink',
  toPolygons: 'Convert the selected region to polygons',
  toMask: 'Convert the selected polygons to a filled region',
  connectivity: 'Magic wand: 4- or 8-connected',
};

export const assistEn = {
  working: 'Working…',
  failed: 'The assist failed: {{message}}',
  keepHint: 'Enter keeps it, Esc drops it',
  tolerance: 'tolerance {{n}}',
  toleranceLabel: 'Tolerance',
  connectivity: 'Connectivity',
  level: 'Level',
  levelOtsu: 'Otsu',
  polarity: 'Object is',
  polarityValue: { auto: 'auto', brighter: 'brighter', darker: 'darker' },
  hints: '{{fg}} foreground, {{bg}} background hints',
  nothing: {
    wand: 'The wand found nothing there: click inside the object or raise the tolerance.',
    grabcut: 'GrabCut found no object in the box: draw the box snugly, or paint foreground hints.',
    threshold: 'Nothing in the box is on the object side of the level: try another level or the other polarity.',
  },
  start: {
    wand: 'Click inside the object.',
    grabcut: 'Drag a box around the object.',
    threshold: 'Drag a box around the object.',
  },
  notice: {
    subtractFirst: 'Click to start a selection first; Alt+click then takes away from it.',
    selectMask: 'Select a mask region first (V, then click it).',
    selectPolygon: 'Select a polygon region first (V, then click it).',
    cleanedAway: 'Nothing would be left of the mask: it was not changed. Try a smaller size.',
    unchanged: 'That step changes nothing on this mask.',
  },
  cleanup: {
    title: 'Clean up',
    fillHoles: 'Fill holes',
    removeIslands: 'Remove islands <',
    smooth: 'Smooth r',
    grow: 'Grow',
    shrink: 'Shrink',
    px: 'px',
    toPolygons: 'To polygons',
    toMask: 'To mask',
  },
};

export const assistToolsZhCN = { wand: '魔棒', grabcut: 'GrabCut 抠图', threshold: '阈值' };

export const assistActionsZhCN = {
  wand: '魔棒（单击；上下拖动或滚轮：容差；Shift 添加，Alt 减去）',
  grabcut: 'GrabCut 抠图（拖出方框；拖动提示，Alt：背景）',
  threshold: '方框内阈值（拖出方框；上下拖动：阈值）',
  fillHoles: '填充所选蒙版的孔洞',
  removeIslands: '去除所选蒙版的小块',
  smooth: '平滑所选蒙版',
  grow: '扩大所选蒙版',
  shrink: '缩小所选蒙版',
  toPolygons: '所选蒙版转为多边形',
  toMask: '所选多边形转为蒙版',
  connectivity: '魔棒：4 连通或 8 连通',
};

export const assistZhCN: typeof assistEn = {
  working: '处理中…',
  failed: '辅助工具出错：{{message}}',
  keepHint: 'Enter 保留，Esc 放弃',
  tolerance: '容差 {{n}}',
  toleranceLabel: '容差',
  connectivity: '连通性',
  level: '阈值',
  levelOtsu: 'Otsu',
  polarity: '目标较',
  polarityValue: { auto: '自动', brighter: '亮', darker: '暗' },
  hints: '{{fg}} 个前景、{{bg}} 个背景提示',
  nothing: {
    wand: '魔棒在此处没有找到区域：请在目标内单击或提高容差。',
    grabcut: 'GrabCut 在方框内没有找到目标：请把方框画紧一些，或涂抹前景提示。',
    threshold: '方框内没有处于阈值目标一侧的像素：请换一个阈值或另一种极性。',
  },
  start: {
    wand: '在目标内单击。',
    grabcut: '在目标周围拖出方框。',
    threshold: '在目标周围拖出方框。',
  },
  notice: {
    subtractFirst: '请先单击开始选择；之后 Alt+单击可从中减去。',
    selectMask: '请先选择一个蒙版区域（V，然后单击它）。',
    selectPolygon: '请先选择一个多边形区域（V，然后单击它）。',
    cleanedAway: '蒙版将什么都不剩，因此未作更改：请尝试更小的尺寸。',
    unchanged: '此步骤不会改变这个蒙版。',
  },
  cleanup: {
    title: '清理',
    fillHoles: '填充孔洞',
    removeIslands: '去除小块 <',
    smooth: '平滑 半径',
    grow: '扩大',
    shrink: '缩小',
    px: '像素',
    toPolygons: '转为多边形',
    toMask: '转为蒙版',
  },
};
