import { createHash } from 'node:crypto';
import type { RegionShape } from '../api/annotations.js';
import { LightboxError } from '../api/errors.js';
import { printable } from '../api/printable.js';
import { checkRegionShape } from '../api/regionCheck.js';
import type { JobContext } from '../jobs/JobManager.js';
import { listClasses } from '../store/classesRepo.js';
import { recordCommand } from '../store/historyRepo.js';
import { type ImageSplit, type ImageStatus, imageStatusSplit, writeImageStatusSplit } from '../store/imageStateRepo.js';
import { type Db, writeTx } from '../store/openStore.js';
import { insertRegion, setRegionsDeleted, shapeToStored, storedToShape, touchImages } from '../store/regionsRepo.js';
import { getSetting } from '../store/settingsRepo.js';
import { tagsOf, writeTags } from '../store/tagsRepo.js';
import {
  type AnswerRow,
  annotatorsOfImage,
  assignmentOf,
  goldAnswers,
  imageHashSize,
  insertAnswer,
  isResultMerged,
  liveAnswerIds,
  liveAnswersOfImage,
  recordResult,
  regionIdsByAuthors,
  setAnswersDeleted,
  setResultsUndone,
  setReviewsUndone,
  setTeamState,
  type TeamState,
  tagAuthor,
  teamStateOf,
} from '../store/teamsRepo.js';
import { type Answer, activeMs, answersAgree } from './agreement.js';
import { parseJson, parseWith, ResultManifest } from './manifest.js';
import { openZip, refuse } from './zipRead.js';

/**
 * `package merge`: results land in the owner's dataset attributed to their annotator. Everything
 * is checked before anything is written (the dataset, the assignment, each image's hash against
 * the copy handed out, each class, each shape through the regions' one door), then one write
 * transaction records the answers side by side, resolves each image they touch, and records one
 * history command, so one undo takes the whole merge back. A result merged before (same
 * answers) changes nothing.
 *
 * Resolution of an image answered by annotators: one answer is taken as it is (single); answers
 * that all agree (same classes; regions of each class matched one to one with IoU ≥ 0.5) are
 * taken (agreed); with three or more, an answer more than half of them agree on is taken
 * (majority); anything else waits for review and writes nothing. Gold images keep the owner's answer.
 */

export const MERGE_KIND = 'packages.merge';
const WHAT = 'result';
const MAX_RESULT_BYTES = 256 * 1024 * 1024;

interface CheckedImage {
  imageId: number;
  answeredAt: number;
  tagIds: number[];
  regions: { classId: number; shape: RegionShape }[];
}

interface CheckedResult {
  file: string;
  contentSha256: string;
  assignmentId: string;
  annotator: string;
  images: CheckedImage[];
  labeled: number;
  activeMs: number;
}

export interface MergeFileSummary {
  file: string;
  annotator: string;
  images: number;
  alreadyMerged: boolean;
}

export interface MergeSummary {
  files: MergeFileSummary[];
  /** Images resolved by this merge, per rule, and images left for review. */
  single: number;
  agreed: number;
  majority: number;
  review: number;
  /** False when every result had been merged before: nothing changed. */
  changed: boolean;
}

async function readResult(db: Db, file: string, classIds: Map<string, number>): Promise<CheckedResult> {
  const zip = await openZip(file, WHAT);
  let text: string;
  try {
    for (const name of zip.entries.keys()) if (name !== 'result.json') throw refuse(WHAT, `the entry "${printable(name, 120)}" is not part of a result`);
    if (!zip.entries.has('result.json')) throw refuse(WHAT, 'it has no result.json (is it a Lightbox result?)');
    text = (await zip.read('result.json', MAX_RESULT_BYTES)).toString('utf8');
  } finally {
    zip.close();
  }
  const r = parseWith(ResultManifest, parseJson(text, WHAT), WHAT);
  const ours = getSetting<string | null>(db, 'datasetId', null);
  if (r.datasetId !== ours) throw new LightboxError('CONFLICT', `This result belongs to another dataset (its id is ${r.datasetId}): merge it into the dataset its package came from.`);
  const assignment = assignmentOf(db, r.assignmentId);
  if (!assignment) throw new LightboxError('CONFLICT', `This result's assignment ${r.assignmentId} was not handed out from this dataset.`);
  if (assignment.annotator !== r.annotator) {
    throw refuse(WHAT, `it names ${printable(r.annotator, 100)} but the assignment was handed to ${printable(assignment.annotator, 100)}`);
  }
  const seen = new Set<number>();
  const images: CheckedImage[] = [];
  for (const im of r.images) {
    if (seen.has(im.id)) throw refuse(WHAT, `it answers image ${im.id} twice`);
    seen.add(im.id);
    const handed = assignment.images.get(im.id);
    if (!handed) throw refuse(WHAT, `it answers image ${im.id}, which was not in the package`);
    if (handed.copySha256 !== im.sha256) throw refuse(WHAT, `image ${im.id} does not match the copy that was handed out (its file was changed or swapped)`);
    const row = imageHashSize(db, im.id);
    if (!row || row.width === null || row.height === null) throw new LightboxError('CONFLICT', `Image ${im.id} of this result is no longer in the dataset.`);
    if (handed.sourceSha256 !== null && row.sha256 !== handed.sourceSha256) {
      throw new LightboxError('CONFLICT', `Image ${im.id} changed in this dataset since its package was made: its answers may not fit it any more.`);
    }
    if (im.answeredAt === null) continue;
    const classOf = (name: string) => {
      const id = classIds.get(name.toLowerCase());
      if (id === undefined) throw refuse(WHAT, `image ${im.id} uses a class "${printable(name, 100)}" this dataset does not have`);
      return id;
    };
    const regions = im.regions.map((g) => {
      const n = checkRegionShape(g.shape, row.width!, row.height!);
      if (!n.ok) throw refuse(WHAT, `a region of image ${im.id} was refused: ${n.reason}`);
      return { classId: classOf(g.className), shape: n.shape };
    });
    images.push({ imageId: im.id, answeredAt: im.answeredAt, tagIds: [...new Set(im.tags.map(classOf))], regions });
  }
  const contentSha256 = createHash('sha256')
    .update(JSON.stringify({ assignmentId: r.assignmentId, images: r.images }))
    .digest('hex');
  return {
    file,
    contentSha256,
    assignmentId: r.assignmentId,
    annotator: r.annotator,
    images,
    labeled: images.length,
    activeMs: activeMs(r.history.map((h) => h.at)),
  };
}

/** An image's labels and standing; `author`: whose tags they are (written again on undo and redo). */
interface ImageSide {
  tags: number[];
  status: ImageStatus;
  split: ImageSplit;
  team: TeamState | null;
  author?: string | null;
}

interface ImageChange {
  imageId: number;
  before: ImageSide;
  after: ImageSide;
}

/** What undo and redo of a merge need: every row it wrote or hid, and each image's state both ways. */
export interface MergePayload {
  results: string[];
  answersAdded: number[];
  answersReplaced: number[];
  regionsCreated: number[];
  regionsDeleted: number[];
  images: ImageChange[];
  /** Review decisions this command made (undone with it). */
  reviews?: number[];
}

export interface Grouped {
  annotator: string;
  tags: AnswerRow[];
  regions: AnswerRow[];
}

function groupByAnnotator(rows: readonly AnswerRow[]): Grouped[] {
  const m = new Map<string, Grouped>();
  for (const r of rows) {
    const g = m.get(r.annotator) ?? { annotator: r.annotator, tags: [], regions: [] };
    (r.kind === 'tag' ? g.tags : g.regions).push(r);
    m.set(r.annotator, g);
  }
  return [...m.values()];
}

const shapeOf = (r: AnswerRow) => storedToShape(r.kind as RegionShape['kind'], r.geometry, r.mask);

/** An annotator's group of answer rows as the agreement functions take it. */
function asAnswer(g: Grouped, imageId: number): Answer {
  return { annotator: g.annotator, imageId, tags: g.tags.map((t) => t.className), regions: g.regions.map((r) => ({ className: r.className, shape: shapeOf(r) })) };
}

/** Two answers agree by the merge's rule (agreement.ts `answersAgree`). */
export function sameAnswer(a: Grouped, b: Grouped): boolean {
  return answersAgree(asAnswer(a, 0), asAnswer(b, 0));
}

/** The rule: one answer, all agree, a majority of three or more, else review (null: no answer left). */
function ruleFor(groups: readonly Grouped[]): { state: TeamState | null; rep: Grouped | null } {
  const clusters: Grouped[][] = [];
  for (const g of groups) {
    const c = clusters.find((cl) => sameAnswer(cl[0]!, g));
    if (c) c.push(g);
    else clusters.push([g]);
  }
  const best = clusters.reduce<Grouped[] | null>((b, c) => (!b || c.length > b.length ? c : b), null);
  const n = groups.length;
  if (n === 0) return { state: null, rep: null };
  if (n === 1) return { state: 'single', rep: groups[0]! };
  if (best!.length === n) return { state: 'agreed', rep: best![0]! };
  if (n >= 3 && best!.length * 2 > n) return { state: 'majority', rep: best![0]! };
  return { state: 'review', rep: null };
}

/** An image's live answers, one group per annotator. */
export function answerGroups(db: Db, imageId: number): Grouped[] {
  return groupByAnnotator(liveAnswersOfImage(db, imageId));
}

/**
 * Make an image carry `rep`'s answer (tags and regions, attributed to that annotator, status done),
 * or, with no answer to take, take back what an earlier resolution wrote (status to do). Recorded in `p`.
 */
export function applyResolution(db: Db, imageId: number, state: TeamState | null, rep: Grouped | null, now: number, p: MergePayload): void {
  const st = imageStatusSplit(db, imageId)!;
  const teamBefore = teamStateOf(db, imageId);
  const before = { tags: tagsOf(db, imageId), status: st.status, split: st.split, team: teamBefore, author: tagAuthor(db, imageId) };
  const teamRegions = regionIdsByAuthors(db, imageId, annotatorsOfImage(db, imageId));
  let status = st.status;
  if (rep) {
    writeTags(db, imageId, rep.tags.map((t) => t.classId), rep.annotator, now);
    setRegionsDeleted(db, teamRegions, true, now);
    p.regionsDeleted.push(...teamRegions);
    for (const r of rep.regions) p.regionsCreated.push(insertRegion(db, imageId, shapeToStored(r.classId, shapeOf(r)), rep.annotator, now));
    status = 'done';
  } else if (teamBefore !== null && teamBefore !== 'review') {
    // An answer taken before no longer stands (a second annotator disagrees, or it was rejected).
    writeTags(db, imageId, [], null, now);
    setRegionsDeleted(db, teamRegions, true, now);
    p.regionsDeleted.push(...teamRegions);
    status = 'todo';
  }
  writeImageStatusSplit(db, imageId, status, st.split, now);
  setTeamState(db, imageId, state, now);
  p.images.push({ imageId, before, after: { tags: tagsOf(db, imageId), status, split: st.split, team: state, author: rep?.annotator ?? null } });
}

/** Resolve an image by the rule from its live answers. */
export function resolveImage(db: Db, imageId: number, now: number, p: MergePayload): TeamState | null {
  const { state, rep } = ruleFor(answerGroups(db, imageId));
  applyResolution(db, imageId, state, rep, now, p);
  return state;
}

export function emptyPayload(): MergePayload {
  return { results: [], answersAdded: [], answersReplaced: [], regionsCreated: [], regionsDeleted: [], images: [], reviews: [] };
}

export async function mergeResults(db: Db, files: readonly string[], author: string | null, job: JobContext): Promise<MergeSummary> {
  const classIds = new Map(listClasses(db, true).map((c) => [c.name.toLowerCase(), c.id]));
  const checked: CheckedResult[] = [];
  for (const [i, f] of files.entries()) {
    job.checkCancelled();
    checked.push(await readResult(db, f, classIds));
    job.progress(i + 1, files.length + 1, f);
  }
  const gold = goldAnswers(db);
  return writeTx(db, () => {
    const now = Date.now();
    const p = emptyPayload();
    const summary: MergeSummary = { files: [], single: 0, agreed: 0, majority: 0, review: 0, changed: false };
    const touched = new Set<number>();
    const merged = new Set<string>();
    for (const r of checked) {
      const already = merged.has(r.contentSha256) || isResultMerged(db, r.contentSha256);
      summary.files.push({ file: r.file, annotator: r.annotator, images: r.images.length, alreadyMerged: already });
      if (already) continue;
      merged.add(r.contentSha256);
      for (const im of r.images) {
        const old = liveAnswerIds(db, im.imageId, r.annotator);
        setAnswersDeleted(db, old, true);
        p.answersReplaced.push(...old);
        const base = { contentSha256: r.contentSha256, assignmentId: r.assignmentId, annotator: r.annotator, imageId: im.imageId, answeredAt: im.answeredAt };
        for (const c of im.tagIds) p.answersAdded.push(insertAnswer(db, { ...base, classId: c, kind: 'tag', geometry: null, mask: null }));
        for (const g of im.regions) {
          const s = shapeToStored(g.classId, g.shape);
          p.answersAdded.push(insertAnswer(db, { ...base, classId: s.classId, kind: s.kind, geometry: s.geometry, mask: s.mask }));
        }
        touched.add(im.imageId);
      }
      recordResult(db, r, now);
      p.results.push(r.contentSha256);
    }
    for (const id of [...touched].sort((a, b) => a - b)) {
      if (gold.has(id)) continue;
      const state = resolveImage(db, id, now, p);
      if (state && state !== 'reviewed') summary[state]++;
    }
    touchImages(db, touched, now);
    if (p.results.length > 0) {
      recordCommand(db, MERGE_KIND, p, author);
      summary.changed = true;
    }
    job.progress(files.length + 1, files.length + 1, null);
    return summary;
  });
}

/** Undo (or redo) a merge: every row it wrote hidden (or shown) again, each image's state put back. */
export function stepMerge(db: Db, payload: unknown, direction: 'undo' | 'redo', _author: string | null, now: number): number[] {
  const p = payload as MergePayload;
  const undo = direction === 'undo';
  setRegionsDeleted(db, p.regionsCreated, undo, now);
  setRegionsDeleted(db, p.regionsDeleted, !undo, now);
  setAnswersDeleted(db, p.answersAdded, undo);
  setAnswersDeleted(db, p.answersReplaced, !undo);
  setResultsUndone(db, p.results, undo);
  setReviewsUndone(db, p.reviews ?? [], undo);
  const images = undo ? [...p.images].reverse() : p.images;
  for (const c of images) {
    const s = undo ? c.before : c.after;
    if (!imageStatusSplit(db, c.imageId)) continue;
    writeTags(db, c.imageId, s.tags, s.author ?? null, now);
    writeImageStatusSplit(db, c.imageId, s.status, s.split, now);
    setTeamState(db, c.imageId, s.team, now);
  }
  const ids = [...new Set(p.images.map((c) => c.imageId))];
  touchImages(db, ids, now);
  return ids;
}
