import type { Region } from '../api/annotations.js';
import { LightboxError } from '../api/errors.js';
import { printable } from '../api/printable.js';
import { liveTagsByImage } from '../store/exportRowsRepo.js';
import type { Db } from '../store/openStore.js';
import { storedToShape } from '../store/regionsRepo.js';
import { answersForExport, answerTagsOf, hasTeamAnswers, resolvedAuthors } from '../store/teamsRepo.js';

/**
 * Which annotations an export counts (`--annotations`, issue 14). `resolved` (the default): the
 * dataset's own labels: the owner's, plus answers merged from task packages that were taken
 * (one annotator's, agreed, by majority); images still waiting for review carry none.
 * `annotator:NAME`: that annotator's answers only, tags and regions. `all`: every answer side by
 * side, one CSV row per answer (CSV only).
 */

export interface TagRow {
  imageId: number;
  classId: number;
  name: string;
}

export interface AnswerSource {
  tags: TagRow[];
  /** Regions to export instead of the dataset's own (annotator:NAME). */
  regions: Map<number, Region[]> | null;
  /** Images any kept answer is about (labeled for `annotations` formats). */
  answered: Set<number> | null;
  /** Who each image's labels came from, when they came from an annotator. */
  annotatorOf: Map<number, string>;
  /** `all`: each annotator's answer per image, beside the resolved labels. */
  answers: Map<number, { annotator: string; labels: string[] }[]> | null;
  /** The CSV export adds an `annotator` column. */
  annotatorColumn: boolean;
}

export function answerSource(db: Db, annotations: string | undefined): AnswerSource {
  const choice = annotations ?? 'resolved';
  if (choice === 'resolved') {
    return { tags: liveTagsByImage(db), regions: null, answered: null, annotatorOf: resolvedAuthors(db), answers: null, annotatorColumn: hasTeamAnswers(db) };
  }
  if (choice === 'all') {
    const answers = new Map<number, { annotator: string; labels: string[] }[]>();
    for (const a of answersForExport(db, null)) {
      const list = answers.get(a.imageId) ?? [];
      let entry = list.find((e) => e.annotator === a.annotator);
      if (!entry) list.push((entry = { annotator: a.annotator, labels: [] }));
      if (a.kind === 'tag') entry.labels.push(a.className);
      answers.set(a.imageId, list);
    }
    return { tags: liveTagsByImage(db), regions: null, answered: new Set(answers.keys()), annotatorOf: resolvedAuthors(db), answers, annotatorColumn: true };
  }
  if (choice.startsWith('annotator:')) {
    const name = choice.slice('annotator:'.length);
    const rows = answersForExport(db, name);
    if (rows.length === 0) throw new LightboxError('BAD_PARAMS', `No answers from "${printable(name, 100)}" were merged into this dataset: check the name with \`lightbox agreement DATASET\`.`);
    const regions = new Map<number, Region[]>();
    for (const a of rows) {
      if (a.kind === 'tag') continue;
      const list = regions.get(a.imageId) ?? [];
      list.push({ id: a.id, imageId: a.imageId, classId: a.classId, shape: storedToShape(a.kind, a.geometry, a.mask), author: name, createdAt: a.answeredAt, updatedAt: a.answeredAt, note: null });
      regions.set(a.imageId, list);
    }
    const answered = new Set(rows.map((r) => r.imageId));
    return { tags: answerTagsOf(db, name), regions, answered, annotatorOf: new Map([...answered].map((id) => [id, name])), answers: null, annotatorColumn: true };
  }
  throw new LightboxError('BAD_PARAMS', `Unknown --annotations "${printable(choice, 100)}": use resolved, annotator:NAME or all.`);
}
