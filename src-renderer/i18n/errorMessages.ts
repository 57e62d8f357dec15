/**
 * Main-process error messages (LightboxError) in Simplified Chinese, keyed by the English message
 * template exactly as src-main writes it. `{{name}}` marks a hole the main process fills in:
 * - `{{lib…}}`: words of a library or the system (a JSON parser's, ONNX Runtime's); never shown in Chinese;
 * - `{{reason}}`: why an image file cannot be read, translated by reasons.ts;
 * - `{{part…}}`: a phrase from a closed set (a path refusal, a zip refusal); it has its own entry here;
 * - any other name: a path, a name, a number, carried over as written (ERROR_WORDS turns the few
 *   closed-set words, such as region kinds, into Chinese).
 * tests/unit/errorMessages.test.ts scans src-main for every message and fails on one missing here.
 */
export const errorTemplatesZhCN: Record<string, string> = {
  'Invalid {{name}}: {{lib}}':
    '{{name}} 无效，请检查后重试。',
  '{{label}} cancelled.':
    '{{label}}已取消。',
  '{{label}} failed.':
    '{{label}}失败。',
  'Cannot write {{out}}: {{lib}}. Choose a folder you can write to.':
    '无法写入 {{out}}。请选择一个有写入权限的文件夹。',
  '"{{name}}" is archived. Restore it before capturing into it.':
    '"{{name}}" 已归档。请先恢复它，再拍摄到其中。',
  'The camera frame is not a JPEG, PNG or WebP image; nothing was saved.':
    '相机画面不是 JPEG、PNG 或 WebP 图像；未保存任何内容。',
  'The camera frame could not be decoded ({{reason}}); nothing was saved.':
    '相机画面无法解码（{{reason}}）；未保存任何内容。',
  'Refused path "{{ref}}": it {{part}}.':
    '已拒绝路径 "{{ref}}"：{{part}}。',
  'There is no file "{{ref}}" in the dataset.':
    '数据集中没有文件 "{{ref}}"。',
  'Refused path "{{ref}}": it is a link that leads nowhere.':
    '已拒绝路径 "{{ref}}"：它是一个指向不存在位置的链接。',
  'Refused path "{{ref}}": it resolves outside the dataset folder.':
    '已拒绝路径 "{{ref}}"：它指向数据集文件夹之外。',
  'The list has no web addresses. Put one image URL per line, optionally followed by ",label".':
    '列表中没有网址。请每行写一个图像 URL，可在其后加上 ",类别"。',
  'The import was cancelled; run it again to resume.':
    '导入已取消；再次运行即可继续。',
  'The dataset folder {{root}} is not there any more (moved or deleted). Open it again from where it is now.':
    '数据集文件夹 {{root}} 已不在原处（被移动或删除）。请从它现在的位置重新打开。',
  '{{from}} does not exist.':
    '{{from}} 不存在。',
  'No COCO JSON file in {{dir}}.':
    '{{dir}} 中没有 COCO JSON 文件。',
  '{{file}} is not valid JSON: {{lib}}.':
    '{{file}} 不是有效的 JSON 文件。',
  '{{file}} is a folder; choose the CSV file.':
    '{{file}} 是一个文件夹；请选择 CSV 文件。',
  '{{file}} is larger than {{max}} MB; split it into smaller files.':
    '{{file}} 大于 {{max}} MB；请拆分成较小的文件。',
  'Cannot read {{file}}. Check the path and that the file exists.':
    '无法读取 {{file}}。请检查路径以及文件是否存在。',
  '{{file}} is not valid CSV: {{lib}}.':
    '{{file}} 不是有效的 CSV 文件。',
  'No answers from "{{name}}" were merged into this dataset: check the name with `lightbox agreement DATASET`.':
    '此数据集中没有合并过 "{{name}}" 的答案：请用 `lightbox agreement DATASET` 核对名字。',
  'Unknown --annotations "{{choice}}": use resolved, annotator:NAME or all.':
    '未知的 --annotations 取值 "{{choice}}"：请使用 resolved、annotator:名字 或 all。',
  '{{dir}} is not a Lightbox export: it has files Lightbox did not write ({{shown}}{{part}}). Nothing was changed there. Choose an empty or new folder.':
    '{{dir}} 不是 Lightbox 的导出：其中有不是 Lightbox 写入的文件（{{shown}}{{part}}）。那里没有任何改动。请选择一个空文件夹或新文件夹。',
  'Something was written into {{dir}} during the export. Nothing was changed there; export again into an empty folder.':
    '导出期间有其他内容写入了 {{dir}}。那里没有任何改动；请重新导出到一个空文件夹。',
  'The folder {{dir}} is not empty. Choose an empty or new folder, or, to replace an earlier Lightbox export there, allow replacing it (--overwrite).':
    '文件夹 {{dir}} 不是空的。请选择一个空文件夹或新文件夹；若要替换那里以前的 Lightbox 导出，请允许替换（--overwrite）。',
  'The export folder must be a full path; "{{out}}" is relative.':
    '导出文件夹必须是完整路径；"{{out}}" 是相对路径。',
  'The export folder {{abs}} is the dataset itself. Choose a new folder outside the dataset for the export.':
    '导出文件夹 {{abs}} 就是数据集本身。请在数据集之外选择一个新文件夹用于导出。',
  'The export folder {{abs}} is inside the dataset. Choose a folder outside it: the next scan would index the exported copies as new images.':
    '导出文件夹 {{abs}} 位于数据集内部。请选择数据集之外的文件夹：否则下次扫描会把导出的副本当作新图像。',
  'The export folder {{abs}} contains the dataset itself. Choose a new folder for the export.':
    '导出文件夹 {{abs}} 包含了数据集本身。请选择一个新文件夹用于导出。',
  'The export folder {{abs}} is inside a .lightbox folder, where a dataset keeps its labels. Choose another folder for the export.':
    '导出文件夹 {{abs}} 位于 .lightbox 文件夹内，那里保存着数据集的标注。请选择其他文件夹用于导出。',
  'Lightbox will not export into {{abs}} itself. Choose a new folder inside it for the export.':
    'Lightbox 不会直接导出到 {{abs}}。请在其中新建一个文件夹用于导出。',
  '{{abs}} is a file. Choose a folder for the export.':
    '{{abs}} 是一个文件。请选择一个文件夹用于导出。',
  'The disk is full: the export to {{out}} was not written. Free some space and export again.':
    '磁盘已满：导出到 {{out}} 的内容没有写入。请腾出空间后重新导出。',
  'Lightbox cannot write to {{out}}: the folder is read-only or you lack permission. Choose another folder.':
    'Lightbox 无法写入 {{out}}：该文件夹只读，或你没有权限。请选择其他文件夹。',
  'JPEG holds 8 bits only, so --window none cannot keep the values: export as PNG (--image-format png or keep), or choose a window.':
    'JPEG 只能保存 8 位数据，因此 --window none 无法保留原始数值：请导出为 PNG（--image-format png 或 keep），或选择一个窗宽窗位。',
  'Nothing to export: the dataset has no images yet. Scan its folder first.':
    '没有可导出的内容：数据集中还没有图像。请先扫描其文件夹。',
  'Nothing to export: none of the {{left}} images is labeled, readable and not skipped. Label some images first.':
    '没有可导出的内容：{{left}} 张图像中没有一张是已标注、可读取且未跳过的。请先标注一些图像。',
  'Nothing to export as DICOM: none of the labeled images is a DICOM file. Choose another format, or label DICOM images first.':
    '没有可导出为 DICOM 的内容：已标注的图像中没有 DICOM 文件。请选择其他格式，或先标注 DICOM 图像。',
  '{{from}} is not a folder. Choose the folder that holds one subfolder per class.':
    '{{from}} 不是文件夹。请选择每个类别各有一个子文件夹的那个文件夹。',
  '{{from}} holds more than {{max}} entries; import it in parts.':
    '{{from}} 中的条目超过 {{max}} 个；请分批导入。',
  'The job was cancelled.':
    '任务已取消。',
  'Something went wrong inside Lightbox while importing: {{lib}}':
    '导入时 Lightbox 内部出错。请重试；如果问题仍然存在，请报告此问题。',
  'The import thread stopped before it finished.':
    '导入线程在完成前停止了。请重试。',
  '{{file}} is a folder, not a label file.':
    '{{file}} 是一个文件夹，不是标注文件。',
  '{{file}} is larger than {{maxBytes}} MB.':
    '{{file}} 大于 {{maxBytes}} MB。',
  'No labelme JSON file in {{abs}}.':
    '{{abs}} 中没有 labelme JSON 文件。',
  'No Annotations folder in {{root}}: choose the folder of a Pascal VOC dataset.':
    '{{root}} 中没有 Annotations 文件夹：请选择一个 Pascal VOC 数据集的文件夹。',
  'No .xml files in {{annDir}}.':
    '{{annDir}} 中没有 .xml 文件。',
  '{{what}} declares a DOCTYPE; Lightbox refuses such XML (it can hide entity tricks). Remove the DOCTYPE line.':
    '{{what}} 声明了 DOCTYPE；Lightbox 拒绝此类 XML（其中可能隐藏实体攻击）。请删除 DOCTYPE 那一行。',
  '{{what}} is not well-formed XML: {{part}}.':
    '{{what}} 不是格式正确的 XML：{{part}}。',
  'No data.yaml in {{abs}}: a YOLO dataset names its classes there.':
    '{{abs}} 中没有 data.yaml：YOLO 数据集在该文件中列出类别名称。',
  '{{yamlFile}} lists no class names (names:).':
    '{{yamlFile}} 没有列出类别名称（names:）。',
  'The message is not JSON.':
    '消息不是 JSON。',
  'Not a JSON-RPC 2.0 request.':
    '不是 JSON-RPC 2.0 请求。',
  'The answer to this call could not be sent (it is not plain JSON).':
    '无法发送此调用的结果（它不是纯 JSON 数据）。',
  "This image is too large to window at full precision ({{width}}×{{height}} pixels, at most {{mp}} megapixels): its preview is shown with the file's window.":
    '此图像太大，无法以全精度调整窗宽窗位（{{width}}×{{height}} 像素，最多 {{mp}} 百万像素）：预览按文件自带的窗宽窗位显示。',
  'This image has 8-bit values: window/level works on its picture.':
    '此图像是 8 位数值：窗宽窗位作用于显示的画面。',
  'This DICOM image is in colour: window/level works on its picture.':
    '此 DICOM 图像是彩色的：窗宽窗位作用于显示的画面。',
  'This DICOM file cannot be read: {{lib}}.':
    '无法读取此 DICOM 文件。',
  'This image cannot be read: {{reason}}.':
    '无法读取此图像：{{reason}}。',
  'Patient data are hidden: turn on "Show patient data" in Settings to see them.':
    '患者信息已隐藏：在“设置”中打开“显示患者信息”即可查看。',
  'This image is not a DICOM file: it has no patient data.':
    '此图像不是 DICOM 文件：没有患者信息。',
  'The patient data of this image cannot be read: {{lib}}':
    '无法读取此图像的患者信息。',
  'There is no job {{id}}.':
    '没有编号为 {{id}} 的任务。',
  'The model file {{file}} does not exist.':
    '模型文件 {{file}} 不存在。',
  '{{what}} is not a file.':
    '{{what}} 不是文件。',
  '{{what}} is larger than {{max}} GB; Lightbox does not open it.':
    '{{what}} 大于 {{max}} GB；Lightbox 不会打开它。',
  '{{what}} is larger than {{max}} MB; Lightbox does not open it.':
    '{{what}} 大于 {{max}} MB；Lightbox 不会打开它。',
  '{{jsonName}} is not valid JSON: {{lib}}':
    '{{jsonName}} 不是有效的 JSON 文件。',
  '{{name}} is not an ONNX model ({{lib}}).':
    '{{name}} 不是 ONNX 模型。',
  '{{name}} does not say what it predicts: put {{jsonFile}} beside it (task, labels, input size), or export it with Ultralytics, which writes that into the file.':
    '{{name}} 没有说明它预测什么：请在它旁边放一个 {{jsonFile}}（任务、类别、输入尺寸），或用 Ultralytics 导出，它会把这些写进文件。',
  '{{what}}: {{part}}':
    '{{what}}：{{part}}',
  '{{what}} is larger than 2 GB; Lightbox does not open models that big.':
    '{{what}} 大于 2 GB；Lightbox 不会打开这么大的模型。',
  '{{what}} is not an ONNX model Lightbox can run: {{lib}}':
    '{{what}} 不是 Lightbox 能运行的 ONNX 模型。',
  'the prediction thread stopped (exit code {{code}})':
    '预测线程已停止（退出码 {{code}}）',
  'The image decoded to {{channels}} channels; faces can only be looked for in colour or grey images.':
    '图像解码后有 {{channels}} 个通道；只能在彩色或灰度图像中查找人脸。',
  'Faces could not be looked for: {{lib}}.':
    '无法查找人脸。请重试。',
  'No dataset is open. Open a folder first.':
    '没有打开的数据集。请先打开一个文件夹。',
  'The folder {{abs}} does not exist.':
    '文件夹 {{abs}} 不存在。',
  '{{abs}} is a file, not a folder. A dataset is a folder of images.':
    '{{abs}} 是文件，不是文件夹。数据集是一个装有图像的文件夹。',
  'That upload is not in progress any more; drop the file again.':
    '该上传已不在进行中；请重新拖放文件。',
  '"{{name}}" is larger than {{max}} MB, the most a browser window can add; add it from the desktop app or the folder instead.':
    '"{{name}}" 大于 {{max}} MB，超出了浏览器窗口能添加的上限；请改用桌面应用或直接放入文件夹。',
  'There is no image with id {{imageId}}.':
    '没有编号为 {{imageId}} 的图像。',
  'This image could not be read ({{reason}}), so regions cannot be drawn on it.':
    '无法读取此图像（{{reason}}），因此不能在上面绘制区域。',
  'This image could not be read, so regions cannot be drawn on it.':
    '无法读取此图像，因此不能在上面绘制区域。',
  'This {{kind}} cannot be saved: {{part}}.':
    '无法保存此{{kind}}：{{part}}。',
  'A {{kind}} cannot become a {{kind2}}: delete it and draw a new one.':
    '{{kind}}不能变成{{kind2}}：请删除它并重新绘制。',
  'This window cannot show a file dialog. Type the path of the .lbx file instead.':
    '此窗口无法显示文件对话框。请直接输入 .lbx 文件的路径。',
  'The dataset was closed meanwhile: open it again and apply the region once more.':
    '数据集在此期间被关闭了：请重新打开，再应用一次该区域。',
  'This window cannot show a folder dialog. Type the folder path instead.':
    '此窗口无法显示文件夹对话框。请直接输入文件夹路径。',
  'Invalid parameters.':
    '请求参数无效。',
  'The dataset is busy in another program. Try again in a moment.':
    '数据集正被另一个程序占用。请稍后再试。',
  'The label store of this dataset is damaged. Restore .lightbox/labels.sqlite from a backup or move it aside.':
    '此数据集的标注库已损坏。请从备份恢复 .lightbox/labels.sqlite，或把它移到别处。',
  'The disk is full. Free some space and try again; nothing was lost.':
    '磁盘已满。请腾出空间后重试；没有丢失任何内容。',
  'Lightbox could not write there: the folder is read-only or you lack permission.':
    'Lightbox 无法写入该位置：文件夹只读，或你没有权限。',
  'Something went wrong inside Lightbox: {{lib}}':
    'Lightbox 内部出错。请重试；如果问题仍然存在，请报告此问题。',
  'There is no method "{{method}}".':
    '没有名为 "{{method}}" 的方法。',
  'The {{format}} export is not available yet: it comes with region annotations. Export as imagefolder, csv or hf for now.':
    '{{format}} 导出暂不可用：它将随区域标注一起提供。目前请导出为 imagefolder、csv 或 hf。',
  'The dataset was closed while faces were looked for.':
    '查找人脸时数据集被关闭了。',
  'There is no image {{id}} in this dataset.':
    '此数据集中没有图像 {{id}}。',
  'Refused image path "{{path}}": it {{part}}.':
    '已拒绝图像路径 "{{path}}"：{{part}}。',
  '"{{name}}" is archived. Restore it before labeling with it.':
    '"{{name}}" 已归档。请先恢复它，再用它标注。',
  '"{{path}}" could not be read ({{reason}}), so it cannot be labeled. Replace the file and rescan, or leave it out.':
    '无法读取 "{{path}}"（{{reason}}），因此不能标注。请替换该文件并重新扫描，或将其排除。',
  'None of the {{n}} selected images could be read, so none can be labeled. Replace the files and rescan.':
    '选中的 {{n}} 张图像都无法读取，因此都不能标注。请替换这些文件并重新扫描。',
  '"{{path}}" cannot be read, so it cannot be measured.':
    '无法读取 "{{path}}"，因此不能测量。',
  'A ruler must lie inside the image ({{width}}×{{height}} pixels).':
    '标尺必须位于图像之内（{{width}}×{{height}} 像素）。',
  'A ruler needs two different ends: drag to measure.':
    '标尺需要两个不同的端点：请拖动来测量。',
  'This image already has {{max}} rulers: delete some first.':
    '此图像已有 {{max}} 把标尺：请先删除一些。',
  'There is no ruler with id {{id}}.':
    '没有编号为 {{id}} 的标尺。',
  '{{file}} is not a model file Lightbox opens (not a file, or over 2 GB).':
    '{{file}} 不是 Lightbox 能打开的模型文件（不是文件，或超过 2 GB）。',
  'A SAM model is a pair: give the decoder file too (decoderPath).':
    'SAM 模型是成对的：请同时给出解码器文件（decoderPath）。',
  'Only a SAM model has a decoder file.':
    '只有 SAM 模型才有解码器文件。',
  '{{name}} is a {{kind}} model, not {{kind2}}.':
    '{{name}} 是{{kind}}模型，不是{{kind2}}模型。',
  'There is no registered model {{id}}.':
    '没有已登记的模型 {{id}}。',
  "This folder is a task package: its classes and label mode are fixed by the dataset's owner. Ask them for a new package to change them.":
    '此文件夹是一个任务包：它的类别和标注模式由数据集所有者固定。如需更改，请向他们索取新的任务包。',
  'The dataset was closed while the model ran.':
    '模型运行时数据集被关闭了。',
  'There is no region with id {{id}}.':
    '没有编号为 {{id}} 的区域。',
  'The SAM {{part}} must be given by its full path, not "{{file}}".':
    'SAM {{part}}必须用完整路径给出，而不是 "{{file}}"。',
  'The SAM {{part}} {{file}} does not exist: choose the .onnx file again.':
    'SAM {{part}} {{file}} 不存在：请重新选择 .onnx 文件。',
  'The SAM {{part}} {{file}} is not a file: choose the .onnx file.':
    'SAM {{part}} {{file}} 不是文件：请选择 .onnx 文件。',
  'The point {{x}},{{y}} is outside the image ({{width}}×{{height}} px).':
    '点 {{x}},{{y}} 在图像之外（{{width}}×{{height}} px）。',
  'SAM needs a prompt: click on the object (a positive point) or drag a box around it.':
    'SAM 需要提示：请点击目标（正向点），或拖出一个框把它框住。',
  'The box is outside the image ({{width}}×{{height}} px).':
    '框在图像之外（{{width}}×{{height}} px）。',
  'This image could not be read ({{reason}}).':
    '无法读取此图像（{{reason}}）。',
  'This image changed on disk since it was scanned (now {{width}}×{{height}} px): scan the dataset again.':
    '此图像在扫描后已在磁盘上改变（现在是 {{width}}×{{height}} px）：请重新扫描数据集。',
  'The SAM thread lost the image embedding: try again.':
    'SAM 线程丢失了图像特征：请重试。',
  'SAM takes points and a box only, not {{extra}}.':
    'SAM 只接受点和框，不接受 {{extra}}。',
  'SAM takes at most 100 points.':
    'SAM 最多接受 100 个点。',
  'The dataset was closed while SAM ran: open it again and retry.':
    'SAM 运行时数据集被关闭了：请重新打开后重试。',
  'The SAM model found no object there: click inside the object, or drag a box around it.':
    'SAM 模型在那里没有找到目标：请在目标内部点击，或拖出一个框把它框住。',
  'The sample dataset is missing from this installation. Reinstall Lightbox Studio, or open a folder of your own.':
    '此安装缺少示例数据集。请重新安装 Lightbox Studio，或打开你自己的文件夹。',
  'The magic wand needs a point to start from: give at least one positive point.':
    '魔棒需要一个起始点：请至少给出一个正向点。',
  'The magic wand takes points, not a box: use grabcut or threshold with a box.':
    '魔棒只接受点，不接受框：要用框请选择 GrabCut 或阈值。',
  'GrabCut needs a box around the object.':
    'GrabCut 需要一个框住目标的框。',
  'Threshold needs a box around the object.':
    '阈值分割需要一个框住目标的框。',
  'Threshold takes a box only (no points): use grabcut for hints.':
    '阈值分割只接受框（不接受点）：要用提示点请选择 GrabCut。',
  'This image is too large for the assists ({{width}}×{{height}} px; at most {{mp}} megapixels). Draw or brush the region instead.':
    '此图像对辅助工具来说太大（{{width}}×{{height}} px；最多 {{mp}} 百万像素）。请改用绘制或画笔来标出区域。',
  'The dataset was closed while the assist ran: open it again and retry.':
    '辅助工具运行时数据集被关闭了：请重新打开后重试。',
  'The magic wand found nothing there: click inside the object or raise the tolerance.':
    '魔棒在那里什么也没找到：请在目标内部点击，或提高容差。',
  'GrabCut found no object in the box: draw the box snugly around the object, or add foreground points.':
    'GrabCut 在框中没有找到目标：请把框贴紧目标，或添加前景点。',
  'Nothing in the box is on the object side of the level: try another level or the other polarity.':
    '框中没有任何部分落在阈值的目标一侧：请换一个阈值，或反转极性。',
  'Only polygons can be turned into a mask.':
    '只有多边形可以转换为掩码。',
  'These polygons cover no pixel of the image.':
    '这些多边形没有覆盖图像的任何像素。',
  'Only masks can be turned into polygons.':
    '只有掩码可以转换为多边形。',
  'This mask is too small to outline: grow it first, or keep it as a mask.':
    '此掩码太小，无法描出轮廓：请先扩大它，或保留为掩码。',
  'Region {{id}} is not on image {{imageId}}.':
    '区域 {{id}} 不在图像 {{imageId}} 上。',
  'Say which suggestions: by ids, image, class or minimum score (or all: true for every pending one).':
    '请说明是哪些建议：按编号、图像、类别或最低分数（或用 all: true 表示所有待处理的建议）。',
  'There is no class with id {{id}}.':
    '没有编号为 {{id}} 的类别。',
  'A class named "{{name}}" already exists.':
    '名为 "{{name}}" 的类别已存在。',
  '"{{name}}" is used by {{count}} labels. Deleting it removes them too; confirm to go on.':
    '"{{name}}" 被 {{count}} 个标注使用。删除它也会删除这些标注；请确认后继续。',
  'This dataset was saved by a newer version of Lightbox Studio (store version {{from}}, this app knows up to {{latestVersion}}). Update Lightbox Studio to open it; nothing was changed.':
    '此数据集由更新版本的 Lightbox Studio 保存（存储版本 {{from}}，本程序最多支持 {{latestVersion}}）。请更新 Lightbox Studio 后再打开；没有做任何改动。',
  'The label store {{file}} is damaged or is not a Lightbox store. Restore it from a backup or move it aside.':
    '标注库 {{file}} 已损坏，或不是 Lightbox 的标注库。请从备份恢复，或把它移到别处。',
  'The disk is full: this change was not saved. Free some space and try again; what was saved before is kept.':
    '磁盘已满：这次更改没有保存。请腾出空间后重试；之前保存的内容都还在。',
  'Lightbox cannot write its label store {{file}} (a read-only folder, a disk error, or something other than the store at that name). This change was not saved; what was saved before is kept.':
    'Lightbox 无法写入标注库 {{file}}（文件夹只读、磁盘出错，或该名称处不是标注库）。这次更改没有保存；之前保存的内容都还在。',
  'The label store {{file}} {{part}}. Restore it from a backup or move it aside; nothing was changed.':
    '标注库 {{file}} {{part}}。请从备份恢复，或把它移到别处；没有做任何改动。',
  'The label store {{file}} is damaged: it has no {{lacking}} table. Restore it from a backup or move it aside.':
    '标注库 {{file}} 已损坏：缺少 {{lacking}} 表。请从备份恢复，或把它移到别处。',
  "{{dir}} is a file, where Lightbox keeps the dataset's labels folder. Move or rename that file, then open the dataset again.":
    '{{dir}} 是一个文件，而 Lightbox 要在这个位置存放数据集的标注文件夹。请移动或重命名该文件，然后重新打开数据集。',
  'This folder is not writable: Lightbox needs to create {{part}}/ inside {{datasetRoot}} to keep your labels.':
    '此文件夹不可写：Lightbox 需要在 {{datasetRoot}} 中创建 {{part}}/ 来保存你的标注。',
  "Another program deleted or cut short the label store's working files ({{name}}-wal or -shm in {{dir}}) while the dataset was open, so Lightbox stopped writing to it: nothing changed after this point was saved. Close Lightbox and open the dataset again.":
    '数据集打开期间，另一个程序删除或截断了标注库的工作文件（{{dir}} 中的 {{name}}-wal 或 -shm），因此 Lightbox 停止了写入：此后的更改都没有保存。请关闭 Lightbox，然后重新打开数据集。',
  'The dataset folder was moved or deleted while it was open ({{dir}}). This change was not saved. Open the dataset again from where it is now.':
    '数据集文件夹在打开期间被移动或删除了（{{dir}}）。这次更改没有保存。请从它现在的位置重新打开数据集。',
  'A region in the label store has no geometry.':
    '标注库中有一个区域没有几何数据。',
  'A region in the label store has an unknown kind "{{value}}".':
    '标注库中有一个区域的类型 "{{value}}" 未知。',
  'The setting "{{key}}" was not saved: {{part}}.':
    '设置 "{{key}}" 没有保存：{{part}}。',
  'Unknown filter "{{f}}": use all, unlabeled, labeled, class:NAME or folder:PREFIX.':
    '未知的筛选条件 "{{f}}"：请使用 all、unlabeled、labeled、class:类别名 或 folder:路径前缀。',
  'The guidelines file {{file}} does not exist.':
    '标注指南文件 {{file}} 不存在。',
  'The guidelines {{file}} are not a file: give a Markdown file.':
    '标注指南 {{file}} 不是文件：请给出一个 Markdown 文件。',
  'The guidelines file is larger than 1 MB: keep it to text, and link images instead.':
    '标注指南文件大于 1 MB：请只保留文字，图片改用链接。',
  '{{f}} already exists: choose another --out or remove it.':
    '{{f}} 已存在：请换一个 --out，或删除它。',
  '--gold {{goldWanted}} asks for more gold images than the {{labeled}} labeled images of this dataset.':
    '--gold {{goldWanted}} 要求的金标准图像多于此数据集中已标注的 {{labeled}} 张图像。',
  'No image matches the filter: nothing to put in a package.':
    '没有图像符合筛选条件：没有可放入任务包的内容。',
  '{{a}} would get {{n}} images; a package holds at most {{max}}. Use --filter to split the work.':
    '{{a}} 将分到 {{n}} 张图像；一个任务包最多 {{max}} 张。请用 --filter 拆分工作。',
  'This result belongs to another dataset (its id is {{datasetId}}): merge it into the dataset its package came from.':
    '此结果属于另一个数据集（编号 {{datasetId}}）：请把它合并到其任务包所来自的数据集。',
  "This result's assignment {{assignmentId}} was not handed out from this dataset.":
    '此结果的分配 {{assignmentId}} 不是从此数据集发出的。',
  'Image {{id}} of this result is no longer in the dataset.':
    '此结果中的图像 {{id}} 已不在数据集中。',
  'Image {{id}} changed in this dataset since its package was made: its answers may not fit it any more.':
    '图像 {{id}} 在任务包生成后已在此数据集中改变：它的答案可能不再适用。',
  '{{into}} is a file: give a new folder to unpack the task into.':
    '{{into}} 是一个文件：请给出一个新文件夹来解开任务。',
  '{{into}} is not empty: give a new or empty folder to unpack the task into.':
    '{{into}} 不是空的：请给出一个新的或空的文件夹来解开任务。',
  'This folder was not opened from a task package: open the .lbx with `lightbox package open TASK.lbx --into FOLDER` first.':
    '此文件夹不是从任务包打开的：请先用 `lightbox package open TASK.lbx --into FOLDER` 打开 .lbx 文件。',
  '{{annotator}} has no answer for image {{imageId}}: see `lightbox review DATASET` for whose answers there are.':
    '{{annotator}} 没有图像 {{imageId}} 的答案：用 `lightbox review DATASET` 查看有哪些人的答案。',
  'This {{what}} was not opened: {{part}}. Ask for a new copy of the file.':
    '此{{what}}未能打开：{{part}}。请索取该文件的新副本。',
  'The file {{file}} does not exist.':
    '文件 {{file}} 不存在。',
  '{{what}} is not a SAM {{part}} in the segment-anything layout: {{part2}}.':
    '{{what}} 不是 segment-anything 格式的 SAM {{part}}：{{part2}}。',
  '{{encoderName}} and {{decoderName}} do not belong together: the encoder gives embeddings of [{{dims}}], the decoder takes {{part}}.':
    '{{encoderName}} 和 {{decoderName}} 不是一对：编码器输出的特征是 [{{dims}}]，解码器接受的是 {{part}}。',
  'The SAM {{role}} {{file}} is not a file.':
    'SAM {{role}} {{file}} 不是文件。',
  '{{name}} failed on this image: {{lib}}':
    '{{name}} 处理此图像时失败。',
  '{{name}} gave {{type}} image_embeddings, expected float32.':
    '{{name}} 输出的 image_embeddings 是 {{type}}，应为 float32。',
  '{{name}} gave an embedding of [{{dims}}], larger than a SAM embedding can be.':
    '{{name}} 输出的特征是 [{{dims}}]，超出了 SAM 特征的最大尺寸。',
  '{{name}} failed on this prompt: {{lib}}':
    '{{name}} 处理此提示时失败。',
  '{{what}} answered with masks of [{{dims}}], expected [1,N,{{height}},{{width}}] (the size given as orig_im_size).':
    '{{what}} 输出的掩码是 [{{dims}}]，应为 [1,N,{{height}},{{width}}]（即 orig_im_size 给出的尺寸）。',
  '{{what}} gave {{n}} quality scores for {{k}} masks.':
    '{{what}} 为 {{k}} 个掩码给出了 {{n}} 个质量分数。',
  'empty path':
    '是空路径',
  'contains a NUL byte':
    '含有空字符（NUL）',
  'has too many layers of percent-encoding':
    '有过多层百分号编码',
  'malformed percent-encoding':
    '百分号编码格式错误',
  'is a URL':
    '是一个网址',
  'has a drive letter':
    '带有盘符',
  'is a network (UNC) path':
    '是网络路径（UNC）',
  'is an absolute path':
    '是绝对路径',
  'leaves its folder (..)':
    '跳出了所在文件夹（..）',
  ' and {{n}} more':
    ' 等另外 {{n}} 个',
  'a comment is not closed':
    '有注释没有结束',
  'a CDATA section is not closed':
    '有 CDATA 段没有结束',
  'a processing instruction is not closed':
    '有处理指令没有结束',
  'a closing tag is not closed':
    '有结束标签没有闭合',
  '</{{name}}> does not match <{{name2}}>':
    '</{{name}}> 与 <{{name2}}> 不匹配',
  '</{{name}}> does not match <>':
    '</{{name}}> 没有对应的开始标签',
  'a tag is not closed':
    '有标签没有闭合',
  'a tag has no name':
    '有标签没有名字',
  'elements are nested too deeply':
    '元素嵌套太深',
  '<{{name}}> is not closed':
    '<{{name}}> 没有闭合',
  'there must be exactly one top element':
    '必须恰好有一个顶层元素',
  'the model names no classes (labels).':
    '模型没有给出类别名称（labels）。',
  'the model declares {{n}} classes; Lightbox handles at most {{max}}.':
    '模型声明了 {{n}} 个类别；Lightbox 最多支持 {{max}} 个。',
  'the class "{{name}}" is listed twice.':
    '类别 "{{name}}" 被列出了两次。',
  '{{field}} has the wrong form ({{lib}})':
    '{{field}} 格式不正确',
  'the file has the wrong form ({{lib}})':
    '文件格式不正确',
  'the class names in its metadata cannot be read ({{lib}}).':
    '无法读取其元数据中的类别名称。',
  'its metadata says task "{{task}}"; Lightbox runs classify and detect models.':
    '其元数据中的任务是 "{{task}}"；Lightbox 只运行分类和检测模型。',
  'its metadata has no usable input size ({{lib}}).':
    '其元数据中没有可用的输入尺寸。',
  '[{{dims}}]':
    '[{{dims}}]',
  'its input has shape {{part}}; Lightbox feeds one image as [1, 3, height, width] (NCHW).':
    '其输入形状为 {{part}}；Lightbox 以 [1, 3, 高, 宽]（NCHW）输入一张图像。',
  'its input has shape unknown; Lightbox feeds one image as [1, 3, height, width] (NCHW).':
    '其输入形状未知；Lightbox 以 [1, 3, 高, 宽]（NCHW）输入一张图像。',
  'its input has shape {{part}}; Lightbox feeds one image as [1, 3, height, width] (RGB) or [1, 1, height, width] (grey), NCHW.':
    '其输入形状为 {{part}}；Lightbox 以 [1, 3, 高, 宽]（RGB）或 [1, 1, 高, 宽]（灰度）输入一张图像，NCHW 排列。',
  '{{model}} has no label "{{label}}"; its labels are: {{labels}}.':
    '{{model}} 没有类别 "{{label}}"；它的类别有：{{labels}}。',
  'There is no class {{to}} in this dataset to map "{{label}}" onto.':
    '此数据集中没有编号为 {{to}} 的类别可供 "{{label}}" 对应。',
  '"{{label}}" cannot be a class name ({{lib}}): map it onto a class instead.':
    '"{{label}}" 不能用作类别名：请把它对应到一个已有类别。',
  '"{{label}}" cannot be a class name (invalid): map it onto a class instead.':
    '"{{label}}" 不能用作类别名：请把它对应到一个已有类别。',
  'There is no class "{{name}}" to map onto: add it first (lightbox classes DATASET add NAME), or use --create-classes.':
    '没有可对应的类别 "{{name}}"：请先添加它（`lightbox classes DATASET add NAME`），或使用 --create-classes。',
  'its input is {{part}} but the JSON says {{width}}×{{height}} (width×height); fix input.size.':
    '其输入为 {{part}}，但 JSON 写的是 {{width}}×{{height}}（宽×高）；请修改 input.size。',
  'its input is {{part}} but the metadata says {{width}}×{{height}} (width×height); fix input.size.':
    '其输入为 {{part}}，但元数据写的是 {{width}}×{{height}}（宽×高）；请修改 input.size。',
  'its output has {{last}} scores per image but {{nc}} labels are named.':
    '其输出每张图像有 {{last}} 个分数，但只列出了 {{nc}} 个类别。',
  "its output has shape {{part}}; a detector's is [1, 4 + classes, boxes] (Ultralytics).":
    '其输出形状为 {{part}}；检测模型的输出应为 [1, 4 + 类别数, 框数]（Ultralytics）。',
  "its output has shape {{part}}; with {{nc}} labels a detector's is [1, {{n}}, boxes].":
    '其输出形状为 {{part}}；有 {{nc}} 个类别时，检测模型的输出应为 [1, {{n}}, 框数]。',
  'the box lies outside the image or has no area':
    '框在图像之外或面积为零',
  'a polygon needs at least three distinct vertices':
    '多边形至少需要三个不同的顶点',
  'SAM needs a model: give the encoder and decoder .onnx files (model: {encoder, decoder}) or a registered pair (model: {id}).':
    'SAM 需要模型：请给出编码器和解码器两个 .onnx 文件，或一对已在设置中添加的模型。',
  'There is no SAM model "{{shownId}}": none is added yet. Add its encoder and decoder in Settings → Models, or give both files (ENCODER.onnx,DECODER.onnx).':
    '没有 SAM 模型 "{{shownId}}"：尚未添加任何模型。请在 设置 → 模型 中添加其编码器和解码器，或同时给出两个文件（ENCODER.onnx,DECODER.onnx）。',
  'There is no SAM model "{{shownId}}" in Settings → Models (there: {{names}}); or give both files (ENCODER.onnx,DECODER.onnx).':
    '设置 → 模型 中没有 SAM 模型 "{{shownId}}"（现有：{{names}}）；也可以同时给出两个文件（ENCODER.onnx,DECODER.onnx）。',
  '"{{shownId}}" names {{n}} SAM models: give more of the id.':
    '"{{shownId}}" 对应 {{n}} 个 SAM 模型：请给出更长的模型编号。',
  'The SAM {{role}} {{file}} changed since it was added: remove the model in Settings → Models and add it again.':
    'SAM {{role}} {{file}} 在添加后已被改动：请在 设置 → 模型 中移除该模型，然后重新添加。',
  'the polygon encloses no area outside its holes':
    '多边形除去孔洞后面积为零',
  'the polygon has {{n}} holes; at most {{max}} are allowed':
    '多边形有 {{n}} 个孔洞；最多允许 {{max}} 个',
  "ImageFolder says an image's class by the folder it sits in, so it cannot hold several annotators' answers for one image: export --annotations annotator:NAME once per annotator, or use csv, hf or coco for all of them.":
    'ImageFolder 用图像所在的文件夹表示其类别，因此无法为一张图像保存多位标注者的答案：请按标注者分别导出（--annotations annotator:NAME），或改用 csv、hf 或 coco 导出全部答案。',
  'the polygon encloses no area':
    '多边形围成的面积为零',
  'the point lies outside the image':
    '点在图像之外',
  'the mask extends outside the image':
    '掩码超出了图像范围',
  'the mask data is damaged (its runs do not match its size)':
    '掩码数据已损坏（游程与尺寸不符）',
  'the mask is empty':
    '掩码是空的',
  'the polygon has {{n}} vertices; at most {{max}} are allowed':
    '多边形有 {{n}} 个顶点；最多允许 {{max}} 个',
  '{{field}}: ':
    '{{field}}：',
  'the {{kind}} is not valid ({{part}}{{lib}})':
    '此{{kind}}无效（{{part}}格式不正确）',
  'the {{kind}} is not valid ({{part}}invalid)':
    '此{{kind}}无效（{{part}}格式不正确）',
  'encoder':
    '编码器',
  'decoder':
    '解码器',
  'is a database of another program, not a Lightbox label store':
    '是其他程序的数据库，不是 Lightbox 标注库',
  'is damaged':
    '已损坏',
  '.lightbox':
    '.lightbox',
  'it is nested more than {{max}} levels deep':
    '嵌套超过 {{max}} 层',
  'it is not plain data (text, numbers, true/false, lists and objects)':
    '不是纯数据（文字、数字、真/假、列表和对象）',
  'it is larger than {{max}} MB':
    '大于 {{max}} MB',
  '{{field}}: wrong form':
    '{{field}}：格式不正确',
  'wrong form':
    '格式不正确',
  'it does not have the expected form ({{part}})':
    '格式不符合要求（{{part}}）',
  'its manifest has a key "{{key}}"':
    '其清单中有键 "{{key}}"',
  'its manifest is not valid JSON':
    '其清单不是有效的 JSON',
  ' at {{field}}':
    '（位置 {{field}}）',
  'its manifest is not in the expected form{{part}} ({{lib}})':
    '其清单格式不符合要求{{part}}',
  'the entry "{{name}}" is not part of a result':
    '条目 "{{name}}" 不属于结果文件',
  'it has no result.json (is it a Lightbox result?)':
    '其中没有 result.json（它是 Lightbox 的结果文件吗？）',
  'it names {{annotator}} but the assignment was handed to {{annotator2}}':
    '其中写的是 {{annotator}}，但该分配是发给 {{annotator2}} 的',
  'it answers image {{id}} twice':
    '对图像 {{id}} 回答了两次',
  'it answers image {{id}}, which was not in the package':
    '回答了图像 {{id}}，但它不在任务包中',
  'image {{id}} does not match the copy that was handed out (its file was changed or swapped)':
    '图像 {{id}} 与发出的副本不一致（文件被修改或替换）',
  'image {{id}} uses a class "{{name}}" this dataset does not have':
    '图像 {{id}} 使用了此数据集中没有的类别 "{{name}}"',
  'a region of image {{id}} was refused: {{part}}':
    '图像 {{id}} 的一个区域被拒绝：{{part}}',
  'it has no manifest.json (is it a Lightbox task package?)':
    '其中没有 manifest.json（它是 Lightbox 的任务包吗？）',
  'its manifest lists an image twice':
    '其清单把一张图像列出了两次',
  'the entry "{{name}}" is not part of a task package':
    '条目 "{{name}}" 不属于任务包',
  'the image {{file}} its manifest lists is missing':
    '清单中列出的图像 {{file}} 缺失',
  'the guidelines its manifest lists are missing':
    '清单中列出的标注指南缺失',
  'the image {{file}} does not match its hash (damaged or changed)':
    '图像 {{file}} 与其哈希值不符（已损坏或被修改）',
  'an entry name is not valid UTF-8':
    '有条目名称不是有效的 UTF-8',
  'the entry "{{name}}" {{part}}':
    '条目 "{{name}}" {{part}}',
  'the entry "{{name}}" has a backslash in its name':
    '条目 "{{name}}" 的名称中有反斜杠',
  'the entry "{{name}}" has a control character in its name':
    '条目 "{{name}}" 的名称中有控制字符',
  'the entry "{{name}}" is a symbolic link':
    '条目 "{{name}}" 是符号链接',
  'the entry "{{name}}" is encrypted':
    '条目 "{{name}}" 已加密',
  'it is not a readable zip file ({{lib}})':
    '不是可读取的 zip 文件',
  'it lists {{n}} entries, more than the {{max}} a package may hold':
    '列出了 {{n}} 个条目，超过任务包最多允许的 {{max}} 个',
  'its list of entries is damaged ({{lib}})':
    '其条目列表已损坏',
  'the entry "{{name}}" appears twice':
    '条目 "{{name}}" 出现了两次',
  'the entry "{{name}}" is larger than {{max}} bytes':
    '条目 "{{name}}" 大于 {{max}} 字节',
  'its entries add up to more than {{max}} bytes':
    '其条目总大小超过 {{max}} 字节',
  'it has no "{{name}}"':
    '其中没有 "{{name}}"',
  'the entry "{{name}}" is damaged':
    '条目 "{{name}}" 已损坏',
  'the entry "{{name}}" inflates past {{max}} bytes':
    '条目 "{{name}}" 解压后超过 {{max}} 字节',
  'it inflates past {{max}} bytes in all':
    '解压后总大小超过 {{max}} 字节',
  'the entry "{{name}}" inflates more than {{max}} times its size (a zip bomb)':
    '条目 "{{name}}" 解压后超过其大小的 {{max}} 倍（疑似 zip 炸弹）',
  'the entry "{{name}}" is damaged ({{lib}})':
    '条目 "{{name}}" 已损坏',
  'it takes {{n}} inputs ({{names}}), an encoder takes one image':
    '它有 {{n}} 个输入（{{names}}），而编码器只接受一张图像',
  'it takes {{n}} inputs (none), an encoder takes one image':
    '它有 {{n}} 个输入（没有），而编码器只接受一张图像',
  'it has no output named image_embeddings (it gives {{names}})':
    '它没有名为 image_embeddings 的输出（它输出的是 {{names}}）',
  'it has no output named image_embeddings (it gives nothing)':
    '它没有名为 image_embeddings 的输出（它没有任何输出）',
  '(no shape)':
    '（没有形状）',
  'its input {{name}} is {{part}}, expected [1,3,{{side}},{{side2}}]':
    '其输入 {{name}} 为 {{part}}，应为 [1,3,{{side}},{{side2}}]',
  'its input {{name}} holds {{type}}, expected float32':
    '其输入 {{name}} 是 {{type}}，应为 float32',
  'its input {{name}} is {{part}}, expected [H,W,3]':
    '其输入 {{name}} 为 {{part}}，应为 [H,W,3]',
  'its input {{name}} holds {{type}}, expected uint8 or float32':
    '其输入 {{name}} 是 {{type}}，应为 uint8 或 float32',
  'its input {{name}} is {{part}}, expected [{{side}},{{side2}},3] or [H,W,3]':
    '其输入 {{name}} 为 {{part}}，应为 [{{side}},{{side2}},3] 或 [H,W,3]',
  'its input {{name}} is {{part}}, expected [1,3,{{side}},{{side2}}] or [H,W,3]':
    '其输入 {{name}} 为 {{part}}，应为 [1,3,{{side}},{{side2}}] 或 [H,W,3]',
  'it has no inputs {{missing}} (it takes {{names}})':
    '它没有输入 {{missing}}（它接受的是 {{names}}）',
  'it has no inputs {{missing}} (it takes nothing)':
    '它没有输入 {{missing}}（它不接受任何输入）',
  'it has no input {{missing}} (it takes {{names}})':
    '它没有输入 {{missing}}（它接受的是 {{names}}）',
  'it has no input {{missing}} (it takes nothing)':
    '它没有输入 {{missing}}（它不接受任何输入）',
  'it takes inputs Lightbox does not know how to fill: {{names}}':
    '它有 Lightbox 不知道如何填充的输入：{{names}}',
  'it takes input Lightbox does not know how to fill: {{names}}':
    '它有 Lightbox 不知道如何填充的输入：{{names}}',
  'it has no outputs {{missing}} (it gives {{names}})':
    '它没有输出 {{missing}}（它输出的是 {{names}}）',
  'it has no outputs {{missing}} (it gives nothing)':
    '它没有输出 {{missing}}（它没有任何输出）',
  'it has no output {{missing}} (it gives {{names}})':
    '它没有输出 {{missing}}（它输出的是 {{names}}）',
  'it has no output {{missing}} (it gives nothing)':
    '它没有输出 {{missing}}（它没有任何输出）',
  'its input {{name}} is {{part}}, expected [{{dims}}]':
    '其输入 {{name}} 为 {{part}}，应为 [{{dims}}]',
  // Why an import or a drop skipped an item (shown in its problem list).
  'the address is too long':
    '网址太长',
  'the label is too long or has control characters':
    '类别名太长或含有控制字符',
  'not a COCO instances file (it needs images, annotations and categories)':
    '不是 COCO 实例文件（需要 images、annotations 和 categories）',
  'no image_id':
    '没有 image_id',
  'unknown category_id {{id}}':
    '未知的 category_id {{id}}',
  'an image entry has no file_name or id':
    '有图像条目没有 file_name 或 id',
  'no image path':
    '没有图像路径',
  'refused: the path {{part}}':
    '已拒绝：该路径{{part}}',
  'unknown split "{{split}}" (use train, val or test)':
    '未知的划分 "{{split}}"（请使用 train、val 或 test）',
  'broken symbolic link':
    '符号链接已失效',
  'symbolic link leads outside the imported folder':
    '符号链接指向导入文件夹之外',
  'symbolic link to a folder (not followed)':
    '指向文件夹的符号链接（不跟随）',
  'not inside a class folder':
    '不在任何类别文件夹中',
  'refused: {{part}}':
    '已拒绝：{{part}}',
  'it {{part}}.':
    '该路径{{part}}。',
  'it is a link that leads nowhere.':
    '它是一个指向不存在位置的链接。',
  'it resolves outside the dataset folder.':
    '它指向数据集文件夹之外。',
  'image file not found':
    '找不到图像文件',
  'not a labelme file (it needs imagePath and shapes)':
    '不是 labelme 文件（需要 imagePath 和 shapes）',
  'a shape needs a label and points':
    '形状需要类别名和点',
  'the segmentation PNG cannot be read':
    '无法读取分割 PNG',
  'the segmentation PNG is {{part}}, but its image is {{part2}}':
    '分割 PNG 的尺寸是 {{part}}，但对应图像是 {{part2}}',
  'the segmentation PNG is {{part}}, but its image is of unknown size':
    '分割 PNG 的尺寸是 {{part}}，但对应图像的尺寸未知',
  '{{w}}×{{h}}':
    '{{w}}×{{h}}',
  'colour {{colour}} is not a known class':
    '颜色 {{colour}} 不对应任何已知类别',
  'and more colours that are not known classes':
    '还有更多不对应已知类别的颜色',
  'the label file is for a {{w}}×{{h}} image, but this image is {{w2}}×{{h2}}':
    '标注文件对应 {{w}}×{{h}} 的图像，但此图像是 {{w2}}×{{h2}}',
  'its regions were not imported: {{reason}}':
    '其区域未导入：{{reason}}',
  'its regions were not imported: unreadable image':
    '其区域未导入：图像无法读取',
  'it lies outside the image':
    '它在图像之外',
  'not a VOC annotation (no <filename>)':
    '不是 VOC 标注（没有 <filename>）',
  'an object has no <name>':
    '有对象没有 <name>',
  'an object has no complete <bndbox>':
    '有对象没有完整的 <bndbox>',
  'not a folder of images (image list files are not read)':
    '不是图像文件夹（不读取图像列表文件）',
  'a value is not a number':
    '有数值不是数字',
  'class {{n}} is not in data.yaml names':
    '类别 {{n}} 不在 data.yaml 的 names 中',
  'file could not be read ({{code}})':
    '文件无法读取（{{code}}）',
  'DICOM file could not be read':
    'DICOM 文件无法读取',
  // Why a URL of an import was not downloaded.
  'cancelled':
    '已取消',
  'timed out after {{s}} s':
    '{{s}} 秒后超时',
  'refused: the connection went to {{part}}; allow the private network for this import if that is intended':
    '已拒绝：连接指向了{{part}}；如果这是有意的，请为此次导入允许访问私有网络',
  'refused: {{host}} resolves to {{part}}; allow the private network for this import if that is intended':
    '已拒绝：{{host}} 解析到{{part}}；如果这是有意的，请为此次导入允许访问私有网络',
  'it has no public address':
    '没有公网地址',
  'the server answered {{status}} {{text}}':
    '服务器返回 {{status}} {{text}}',
  'the server answered {{status}}':
    '服务器返回 {{status}}',
  'too large: {{n}} bytes, over the {{max}}-byte limit':
    '太大：{{n}} 字节，超过 {{max}} 字节的上限',
  'too large: over the {{max}}-byte limit':
    '太大：超过 {{max}} 字节的上限',
  'the server closed the connection before the image was complete':
    '图像还没传完，服务器就关闭了连接',
  'not a valid web address':
    '不是有效的网址',
  'refused: redirected to {{url}}: {{part}}':
    '已拒绝：被重定向到 {{url}}：{{part}}',
  'not an image: the content is not JPEG, PNG, WebP, GIF, TIFF or BMP':
    '不是图像：内容不是 JPEG、PNG、WebP、GIF、TIFF 或 BMP',
  'the server answered {{status}} without saying where to go':
    '服务器返回 {{status}}，但没有给出跳转地址',
  'too many redirects (more than {{max}})':
    '重定向次数太多（超过 {{max}} 次）',
  'the server redirected to an invalid address':
    '服务器重定向到了一个无效地址',
  'a loopback address (this computer)':
    '回环地址（本机）',
  'a private-network address':
    '私有网络地址',
  'a link-local address':
    '链路本地地址',
  'a unique-local (private) IPv6 address':
    '唯一本地（私有）IPv6 地址',
  'a carrier-grade NAT (shared) address':
    '运营商级 NAT（共享）地址',
  'a multicast address':
    '组播地址',
  'the unspecified address (this computer)':
    '未指定地址（本机）',
  'the broadcast address':
    '广播地址',
  'a reserved address':
    '保留地址',
  'a documentation-only address':
    '仅用于文档的地址',
  'an IPv4-mapped IPv6 address':
    'IPv4 映射的 IPv6 地址',
  'an IPv6 tunnel address that hides its real destination':
    '隐藏真实目标的 IPv6 隧道地址',
  '{{address}} is {{part}}':
    '{{address}}，它是{{part}}',
  'only http and https addresses are imported, not {{scheme}}':
    '只导入 http 和 https 网址，不导入 {{scheme}}',
  '{{part}}; allow the private network for this import if that is intended':
    '{{part}}；如果这是有意的，请为此次导入允许访问私有网络',
  'the host name was not found':
    '找不到该主机名',
  'the host name could not be resolved (no network?)':
    '无法解析该主机名（没有网络？）',
  'the server refused the connection':
    '服务器拒绝了连接',
  'the server closed the connection':
    '服务器关闭了连接',
  'the connection timed out':
    '连接超时',
  'the host is unreachable':
    '无法访问该主机',
  'the network is unreachable':
    '无法访问网络',
  'the server certificate has expired':
    '服务器证书已过期',
  'the server certificate is self-signed':
    '服务器证书是自签名的',
  'the server certificate does not match the host name':
    '服务器证书与主机名不符',
  'network error: {{lib}}':
    '网络错误',
  // A note of an export's summary.
  '{{n}} hole(s) of polygon regions were left out: {{format}} polygons cannot hold holes (export coco or masks to keep them).':
    '多边形区域的 {{n}} 个孔洞未写出：{{format}} 的多边形无法保存孔洞（如需保留，请导出为 coco 或 masks）。',
  '{{n}} 16-bit image(s) were windowed into 8 bits by their histogram (0.5–99.5 %), because {{format}} holds 8 bits only; export as PNG to keep the values.':
    '{{n}} 张 16 位图像按直方图（0.5–99.5 %）窗口化为 8 位，因为 {{format}} 只能保存 8 位；如需保留原始数值，请导出为 PNG。',
  '{{n}} image(s) with redaction regions were written without their metadata, although it was kept for the others.':
    '{{n}} 张带遮盖区域的图像在写出时去掉了元数据，其他图像的元数据则保留了。',
  "Modality values were written as 16-bit PNG; {{part}} gives each image's slope and intercept back to the modality unit.":
    '模态值已写为 16 位 PNG；{{part}} 给出了每张图像换算回模态单位的斜率和截距。',
  'rescale.json':
    'rescale.json',
  '{{n}} image(s) that are not DICOM were left out: the dicom format writes de-identified copies of DICOM files only. Export them with another format.':
    '{{n}} 张非 DICOM 图像未导出：dicom 格式只写出 DICOM 文件的去标识化副本。请用其他格式导出这些图像。',
};

/** Words from closed sets that fill ordinary holes (a region's kind, a model's task, a package's name). */
export const errorWordsZhCN: Record<string, string> = {
  box: '矩形框',
  polygon: '多边形',
  mask: '掩码',
  point: '点',
  tag: '标签',
  region: '区域',
  classify: '分类',
  detect: '检测',
  encoder: '编码器',
  decoder: '解码器',
  'task package': '任务包',
  result: '结果文件',
  'The XML file': '该 XML 文件',
};
