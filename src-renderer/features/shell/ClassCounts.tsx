import { useTranslation } from 'react-i18next';

/**
 * A class's two numbers, the same on every screen (definitions in src-main/store/statsRepo.ts):
 * images with the class (its tag), and its regions, shown only when there are some.
 */
export function ClassCounts({ name, images, regions, compact = false }: { name: string; images: number; regions: number; compact?: boolean }) {
  const { t } = useTranslation();
  const title = t('counts.classTitle', { name, images, regions });
  if (compact) {
    return (
      <span className="count" title={title} data-testid="class-count">
        {images}
        {regions > 0 && <span className="muted"> · {regions}▢</span>}
      </span>
    );
  }
  return (
    <span className="count" title={title} data-testid="class-count">
      {t('counts.images', { count: images })}
      {regions > 0 && ` · ${t('counts.regions', { count: regions })}`}
    </span>
  );
}
