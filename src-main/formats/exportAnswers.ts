import type { Region } from '../api/annotations.js';
import { LightboxError } from '../api/errors.js';
import { printable } from '../api/printable.js';
import { liveTagsByImage } from '../store/exportRowsRepo.js';
import type { Db } from '../store/openStore.js';
import { storedToShape } from '../store/regionsRepo.js';
import { answerHeads, answerRegionsOfImageWindow, hasTeamAnswers, resolvedAuthors } from '../store/teamsRepo.js';

/**
 * Which annotations an export counts (`--annotations`, issue 14). `resolved` (the default): the
 * dataset's own labels: the owner's, plus answers merged from task packages that were taken
 * (one annotator's, agreed, by majority, accepted in review); images still waiting for review
 * carry none. `annotator:NAME`: that annotator's answers only, tags and regions. `all`: the
 * dataset's own labels and, beside them, every annotator's answer, attributed; each format says
 * how it carries them (README, "Teams without a server"). Redaction classes are never labels.
 */

export interface TagRow {
  imageId: number;
  classId: number;
  name: string;
}

/**
 * One annotator's answer for one image, as the selection holds it: their image classes (names and
 * ids, in class order). Their regions are read a window of images at a time (answerRegionsOf).
 */
export interface AnnotatorAnswer {
  annotator: string;
  labels: string[];
  classIds: number[];
}

export interface AnswerSource {
  tags: TagRow[];
  /** `annotator:NAME`: whose regions the export counts instead of the dataset's own. */
  regionsOf: string | null;
  /** Images any kept answer is about (labeled for `annotations` formats). */
  answered: Set<number> | null;
  /** Who each image's labels came from, when they came from an annotator. */
  annotatorOf: Map<number, string>;
  /** `all`: each annotator's answer per image, beside the resolved labels, annotators by name. */
  answers: Map<number, AnnotatorAnswer[]> | null;
  /** The CSV export adds an `annotator` column. */
  annotatorColumn: boolean;
}

export function answerSource(db: Db, annotations: string | undefined): AnswerSource {
  const choice = annotations ?? 'resolved';
  if (choice === 'resolved') {
    return { tags: liveTagsByImage(db), regionsOf: null, answered: null, annotatorOf: resolvedAuthors(db), answers: null, annotatorColumn: hasTeamAnswers(db) };
  }
  if (choice === 'all') {
    const answers = new Map<number, AnnotatorAnswer[]>();
    for (const a of answerHeads(db, null)) {
      const list = answers.get(a.imageId) ?? [];
      let entry = list.find((e) => e.annotator === a.annotator);
      if (!entry) list.push((entry = { annotator: a.annotator, labels: [], classIds: [] }));
      if (a.kind === 'tag') {
        entry.classIds.push(a.classId);
        entry.labels.push(a.className);
      }
      answers.set(a.imageId, list);
    }
    return { tags: liveTagsByImage(db), regionsOf: null, answered: new Set(answers.keys()), annotatorOf: resolvedAuthors(db), answers, annotatorColumn: true };
  }
  if (choice.startsWith('annotator:')) {
    const name = choice.slice('annotator:'.length);
    const heads = answerHeads(db, name);
    if (heads.length === 0) throw new LightboxError('BAD_PARAMS', `No answers from "${printable(name, 100)}" were merged into this dataset: check the name with \`lightbox agreement DATASET\`.`);
    const answered = new Set(heads.map((r) => r.imageId));
    const tags = heads.filter((h) => h.kind === 'tag').map((h) => ({ imageId: h.imageId, classId: h.classId, name: h.className }));
    return { tags, regionsOf: name, answered, annotatorOf: new Map([...answered].map((id) => [id, name])), answers: null, annotatorColumn: true };
  }
  throw new LightboxError('BAD_PARAMS', `Unknown --annotations "${printable(choice, 100)}": use resolved, annotator:NAME or all.`);
}

/**
 * Annotators' regions of a window of images, by image and annotator (upright source pixels):
 * everyone's (`annotator` null) or one annotator's. One query through the answers' image index.
 */
export function answerRegionsOf(db: Db, imageIds: readonly number[], annotator: string | null): Map<number, Map<string, Region[]>> {
  const out = new Map<number, Map<string, Region[]>>();
  for (const a of answerRegionsOfImageWindow(db, imageIds, annotator)) {
    let byAnnotator = out.get(a.imageId);
    if (!byAnnotator) out.set(a.imageId, (byAnnotator = new Map()));
    const list = byAnnotator.get(a.annotator);
    const region: Region = {
      id: a.id,
      imageId: a.imageId,
      classId: a.classId,
      shape: storedToShape(a.kind as Region['shape']['kind'], a.geometry, a.mask),
      author: a.annotator,
      createdAt: a.answeredAt,
      updatedAt: a.answeredAt,
      note: null,
    };
    if (list) list.push(region);
    else byAnnotator.set(a.annotator, [region]);
  }
  return out;
}
