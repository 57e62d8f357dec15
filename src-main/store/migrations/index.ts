import images from './0010-images.sql';
import classes from './0020-classes.sql';
import annotations from './0030-annotations.sql';
import history from './0040-history.sql';
import settings from './0050-settings.sql';
import urlImports from './0070-url-imports.sql';
import imports from './0080-imports.sql';
import regionNotes from './0100-region-notes.sql';
import imageFramesMeta from './0110-image-frames-meta.sql';
import labeledDone from './0120-labeled-done.sql';
import suggestions from './0130-suggestions.sql';
import redactionDeid from './0140-redaction-deid.sql';
import teams from './0150-teams.sql';
import rulers from './0160-rulers.sql';
import imageSeries from './0170-image-series.sql';
import modelLabelMap from './0220-model-label-map.sql';

export interface Migration {
  /** The user_version the store has after this migration. */
  version: number;
  name: string;
  sql: string;
}

/** Append-only. A released migration is never edited: add a new one. */
export const migrations: readonly Migration[] = [
  { version: 10, name: 'images', sql: images },
  { version: 20, name: 'classes', sql: classes },
  { version: 30, name: 'annotations', sql: annotations },
  { version: 40, name: 'history', sql: history },
  { version: 50, name: 'settings', sql: settings },
  { version: 70, name: 'url-imports', sql: urlImports },
  { version: 80, name: 'imports', sql: imports },
  { version: 100, name: 'region-notes', sql: regionNotes },
  { version: 110, name: 'image-frames-meta', sql: imageFramesMeta },
  { version: 120, name: 'labeled-done', sql: labeledDone },
  { version: 130, name: 'suggestions', sql: suggestions },
  { version: 140, name: 'redaction-deid', sql: redactionDeid },
  { version: 150, name: 'teams', sql: teams },
  { version: 160, name: 'rulers', sql: rulers },
  { version: 170, name: 'image-series', sql: imageSeries },
  { version: 220, name: 'model-label-map', sql: modelLabelMap },
];

export const latestVersion = migrations[migrations.length - 1]!.version;
