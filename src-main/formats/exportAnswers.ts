import type { Region } from '../api/annotations.js';
import { LightboxError } from '../api/errors.js';
import { printable } from '../api/printable.js';
import { classesInOrder, liveTagsByImage, redactClassIds } from '../store/exportRowsRepo.js';
import type { Db } from '../store/openStore.js';
import { storedToShape } from '../store/regionsRepo.js';
import { type AnswerRow, answersForExport, answerTagsOf, hasTeamAnswers, resolvedAuthors } from '../store/teamsRepo.js';

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

/** One annotator's answer for one image: tags (class names and ids, in class order) and regions (upright source pixels). */
export interface AnnotatorAnswer {
  annotator: string;
  labels: string[];
  classIds: number[];
  regions: Region[];
}

export interface AnswerSource {
  tags: TagRow[];
  /** Regions to export instead of the dataset's own (annotator:NAME). */
  regions: Map<number, Region[]> | null;
  /** Images any kept answer is about (labeled for `annotations` formats). */
  answered: Set<number> | null;
  /** Who each image's labels came from, when they came from an annotator. */
  annotatorOf: Map<number, string>;
  /** `all`: each annotator's answer per image, beside the resolved labels, annotators by name. */
  answers: Map<number, AnnotatorAnswer[]> | null;
  /** The CSV export adds an `annotator` column. */
  annotatorColumn: boolean;
}

function answerRegion(a: AnswerRow, annotator: string): Region {
  return { id: a.id, imageId: a.imageId, classId: a.classId, shape: storedToShape(a.kind as Region['shape']['kind'], a.geometry, a.mask), author: annotator, createdAt: a.answeredAt, updatedAt: a.answeredAt, note: null };
}

export function answerSource(db: Db, annotations: string | undefined): AnswerSource {
  const choice = annotations ?? 'resolved';
  if (choice === 'resolved') {
    return { tags: liveTagsByImage(db), regions: null, answered: null, annotatorOf: resolvedAuthors(db), answers: null, annotatorColumn: hasTeamAnswers(db) };
  }
  const redact = redactClassIds(db);
  const order = new Map(classesInOrder(db).map((c, i) => [c.id, i]));
  if (choice === 'all') {
    const answers = new Map<number, AnnotatorAnswer[]>();
    for (const a of answersForExport(db, null)) {
      if (redact.has(a.classId)) continue;
      const list = answers.get(a.imageId) ?? [];
      let entry = list.find((e) => e.annotator === a.annotator);
      if (!entry) list.push((entry = { annotator: a.annotator, labels: [], classIds: [], regions: [] }));
      if (a.kind === 'tag') {
        entry.classIds.push(a.classId);
        entry.labels.push(a.className);
      } else entry.regions.push(answerRegion(a, a.annotator));
      answers.set(a.imageId, list);
    }
    for (const list of answers.values()) {
      for (const e of list) {
        const both = e.classIds.map((id, i) => [id, e.labels[i]!] as const).sort(([p], [q]) => (order.get(p) ?? 0) - (order.get(q) ?? 0));
        e.classIds = both.map(([id]) => id);
        e.labels = both.map(([, n]) => n);
      }
    }
    return { tags: liveTagsByImage(db), regions: null, answered: new Set(answers.keys()), annotatorOf: resolvedAuthors(db), answers, annotatorColumn: true };
  }
  if (choice.startsWith('annotator:')) {
    const name = choice.slice('annotator:'.length);
    const rows = answersForExport(db, name);
    if (rows.length === 0) throw new LightboxError('BAD_PARAMS', `No answers from "${printable(name, 100)}" were merged into this dataset: check the name with \`lightbox agreement DATASET\`.`);
    const regions = new Map<number, Region[]>();
    for (const a of rows) {
      if (a.kind === 'tag' || redact.has(a.classId)) continue;
      const list = regions.get(a.imageId) ?? [];
      list.push(answerRegion(a, name));
      regions.set(a.imageId, list);
    }
    const answered = new Set(rows.map((r) => r.imageId));
    return { tags: answerTagsOf(db, name).filter((t) => !redact.has(t.classId)), regions, answered, annotatorOf: new Map([...answered].map((id) => [id, name])), answers: null, annotatorColumn: true };
  }
  throw new LightboxError('BAD_PARAMS', `Unknown --annotations "${printable(choice, 100)}": use resolved, annotator:NAME or all.`);
}
