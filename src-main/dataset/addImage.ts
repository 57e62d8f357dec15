import fs from 'node:fs';
import type { Probe } from '../imaging/probe.js';
import { type ImageSource, addMissingTags, liveImageByHash, upsertAcquiredImage } from '../store/acquiredImagesRepo.js';
import { addClass, findClassByName } from '../store/classesRepo.js';
import type { Db } from '../store/openStore.js';

/**
 * Writing rows for images that an acquisition (URL import, drop, capture, dataset import) put
 * into the dataset folder. Callers run these inside one write transaction together with the
 * label, so an image never appears without the label it came with.
 */

export type Source = ImageSource;

export interface NewImageRow {
  /** Dataset-relative path with `/` separators. */
  rel: string;
  /** Absolute path of the file, to read its size and mtime exactly as the scanner will. */
  abs: string;
  sha256: string;
  probe: Probe | null;
  /** Why the image cannot be shown, when it cannot. */
  error?: string | null;
  source: Source;
  sourceRef: string | null;
  split?: 'train' | 'val' | 'test' | null;
}

/**
 * Insert (or take over, when a scan got there first) the row for a file. Size and mtime come from
 * the file itself so a later scan sees it unchanged. Returns the image id. Must run in a write tx.
 */
export function upsertImageRow(db: Db, img: NewImageRow, now = Date.now()): number {
  const st = fs.statSync(img.abs);
  const p = img.probe;
  return upsertAcquiredImage(
    db,
    {
      rel: img.rel,
      sha256: img.sha256,
      bytes: st.size,
      width: p?.width ?? null,
      height: p?.height ?? null,
      orientation: p?.orientation ?? null,
      format: p?.format ?? null,
      mtime: Math.round(st.mtimeMs),
      source: img.source,
      sourceRef: img.sourceRef,
      split: img.split ?? null,
      error: img.error ?? null,
    },
    now,
  );
}

/** A live image with this content, if the dataset already has one. */
export function findByHash(db: Db, sha256: string): { id: number; path: string; source: Source } | undefined {
  return liveImageByHash(db, sha256);
}

/** The id of the class named `name` (case-insensitive), creating it when it does not exist. */
export function ensureClass(db: Db, name: string): { id: number; created: boolean } {
  const found = findClassByName(db, name.trim());
  if (found) return { id: found.id, created: false };
  return { id: addClass(db, { name: name.trim() }).id, created: true };
}

/** Add image-level tags (keeping the image's other tags). Must run in a write tx. */
export function addTags(db: Db, imageId: number, classIds: readonly number[], author: string | null, now = Date.now()): number {
  return addMissingTags(db, imageId, classIds, author, now);
}
