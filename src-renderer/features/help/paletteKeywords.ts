/**
 * Search words for the command palette beyond an action's label, in both languages: what a person
 * might type for it ("brush" finds the mask tool, "split" the split dialog, "chinese" the language).
 * Keyed by action id; a key ending in '.' covers every id that starts with it.
 */
export const KEYWORDS: Record<string, string[]> = {
  'region.tool.brush': ['mask', 'paint', 'draw', 'segment', '画笔', '蒙版', '涂抹', '掩膜'],
  'region.tool.eraser': ['erase', 'rubber', 'mask', '橡皮', '擦除'],
  'region.tool.box': ['rectangle', 'bbox', 'bounding', 'detect', '矩形', '框'],
  'region.tool.polygon': ['outline', 'shape', 'contour', '多边形', '轮廓'],
  'region.tool.point': ['keypoint', 'landmark', 'dot', '关键点', '点'],
  'region.tool.wand': ['magic', 'flood', 'fill', 'segment', 'auto', '魔棒', '选区', '自动'],
  'region.tool.grabcut': ['segment', 'cut', 'foreground', 'auto', '抠图', '分割'],
  'region.tool.threshold': ['otsu', 'level', 'segment', 'lesion', '阈值', '分割'],
  'region.clean.': ['clean', 'holes', 'islands', 'morphology', '清理', '孔洞'],
  'region.convert.': ['convert', 'polygon', 'contour', '转换'],
  'region.tool.select': ['pointer', 'move', 'arrow', '选择', '移动'],
  'region.brush.': ['brush', 'size', 'radius', '画笔', '大小'],
  'region.nudge.': ['move', 'arrow', '移动'],
  'region.pan': ['hand', 'drag', 'scroll', '平移'],
  'region.class.': ['label', 'class', 'category', '类别'],
  'dialog.splits': ['split', 'train', 'val', 'validation', 'test', 'partition', '划分', '训练', '验证', '测试'],
  'dialog.export': ['save', 'download', 'coco', 'yolo', 'voc', 'csv', 'dataset', '导出', '保存'],
  'dialog.classes': ['labels', 'categories', 'class', 'hotkey', '类别', '标签'],
  'dialog.importUrls': ['download', 'web', 'link', 'url', 'internet', '下载', '网址', '导入'],
  'dialog.importDataset': ['coco', 'yolo', 'voc', 'labelme', 'csv', 'load', 'open', '导入'],
  'dialog.close': ['close', 'cancel', 'dismiss', '关闭'],
  'settings.language.': ['language', 'locale', 'translate', 'interface', '语言', '界面'],
  'settings.language.zh-CN': ['chinese', 'zh', 'mandarin', '中文', '汉语', '简体'],
  'settings.language.en': ['english', 'en', '英文', '英语'],
  'nav.library': ['grid', 'images', 'browse', 'home', 'thumbnails', '图库', '图像'],
  'nav.workspace': ['label', 'annotate', 'workspace', 'editor', '标注', '工作区'],
  'nav.stats': ['statistics', 'count', 'progress', 'chart', '统计', '进度'],
  'nav.capture': ['camera', 'webcam', 'photo', 'video', '摄像头', '相机', '拍照'],
  'capture.': ['camera', 'photo', 'shoot', 'record', 'webcam', '摄像头', '拍照', '录制'],
  'history.undo': ['revert', 'back', '撤销'],
  'history.redo': ['again', 'repeat', '重做'],
  'image.next': ['forward', 'following', '下一张'],
  'image.prev': ['back', 'previous', '上一张'],
  'image.nextUnlabeled': ['todo', 'unlabeled', 'queue', '未标注'],
  'image.skip': ['pass', 'ignore', '跳过'],
  'image.done': ['finish', 'complete', 'status', '完成'],
  'labels.clear': ['remove', 'delete', 'reset', '清除', '删除'],
  'labels.toggleMode': ['multi', 'single', 'multilabel', 'mode', '多标签', '单标签'],
  'class.apply.': ['label', 'class', 'tag', 'category', '标注', '类别'],
  'view.': ['zoom', 'view', 'scale', '缩放', '视图'],
  'library.': ['grid', 'cursor', 'select', '图库', '选择'],
  'help.cheatSheet': ['help', 'keys', 'shortcuts', 'hotkeys', 'keyboard', '帮助', '快捷键'],
  'help.palette': ['command', 'search', '命令', '搜索'],
};

/** The search words of an action id. */
export function keywordsOf(id: string): string[] {
  const out: string[] = [];
  for (const [k, words] of Object.entries(KEYWORDS)) if (k === id || (k.endsWith('.') && id.startsWith(k))) out.push(...words);
  return out;
}
