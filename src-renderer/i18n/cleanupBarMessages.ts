/**
 * The clean-up bar's tooltips (issue 11): what each step does, with its key, so the bar itself can
 * stay one row at 1280 px with short labels.
 */
export const cleanupBarEn = {
  /** A tooltip: what the control does, then its key. */
  withKey: '{{what}} ({{key}})',
  fillHoles: 'Fill the holes inside the mask',
  removeIslands: 'Remove the parts of the mask smaller than this many pixels',
  smooth: 'Smooth the outline: open and close by this radius in pixels',
  grow: 'Grow the mask by this many pixels',
  shrink: 'Shrink the mask by this many pixels',
  toPolygons: 'Turn the mask into polygons, one per connected part',
  toMask: 'Turn the selected polygons into one mask',
  growShrinkSize: 'Pixels to grow or shrink by',
};

export const cleanupBarZhCN: typeof cleanupBarEn = {
  withKey: '{{what}}（{{key}}）',
  fillHoles: '填充蒙版内部的孔洞',
  removeIslands: '去除蒙版中小于此像素数的部分',
  smooth: '平滑轮廓：按此半径（像素）做开运算和闭运算',
  grow: '将蒙版扩大此像素数',
  shrink: '将蒙版缩小此像素数',
  toPolygons: '将蒙版转为多边形，每个连通部分一个',
  toMask: '将所选多边形转为一个蒙版',
  growShrinkSize: '扩大或缩小的像素数',
};
