import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImageRow } from '../../../src-main/api/index.js';
import { useErrorText } from '../../i18n/errorText.js';
import { useApi } from '../shell/ApiContext.js';

type Patient = { name: string | null; id: string | null; birthDate: string | null };

/** "19700131" (DICOM DA) as 1970-01-31; anything else as written. */
function dicomDate(d: string): string {
  return /^\d{8}$/.test(d) ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}` : d;
}

/**
 * What a medical image is, under its name: modality, series, instance (and frame) of a DICOM, the
 * bit depth of a 16-bit picture. The patient's name, id and birth date only when the user's setting
 * shows them, read from the file each time (never stored).
 */
export function MedicalInfoLine({ image, showPatient }: { image: ImageRow; showPatient: boolean }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const api = useApi();
  const m = image.medical;
  const dicom = !!m && (m.modality !== null || image.format === 'dicom');
  const [patient, setPatient] = useState<{ of: number; p: Patient | null; error: string | null } | null>(null);
  useEffect(() => {
    if (!showPatient || !dicom || image.error) return;
    let live = true;
    api.call('images.patient', { id: image.id }).then(
      (p) => live && setPatient({ of: image.id, p, error: null }),
      (e: unknown) => live && setPatient({ of: image.id, p: null, error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [api, image.id, image.error, showPatient, dicom]);
  if (!m) return null;
  const parts: string[] = [];
  if (dicom) {
    if (m.modality) parts.push(t('medical.info.modality', { modality: m.modality }));
    if (m.seriesNumber !== null) parts.push(t('medical.info.series', { n: m.seriesNumber }) + (m.seriesDescription ? ` (${m.seriesDescription})` : ''));
    else if (m.seriesDescription) parts.push(m.seriesDescription);
    if (m.instanceNumber !== null) parts.push(t('medical.info.instance', { n: m.instanceNumber }));
    if (image.frame !== undefined && m.frames > 1) parts.push(t('medical.info.frame', { n: image.frame, of: m.frames }));
  } else if (m.bitsStored) {
    parts.push(t('medical.info.sixteenBit', { bits: m.bitsStored }));
  }
  const shown = showPatient && dicom && patient?.of === image.id ? patient : null;
  const dash = t('medical.info.unknown');
  return (
    <>
      {parts.length > 0 && (
        <div className="muted" data-testid="medical-info">
          {parts.join(' · ')}
        </div>
      )}
      {shown?.p && (
        <div className="muted" data-testid="patient-info">
          {t('medical.info.patient', { name: shown.p.name ?? dash, id: shown.p.id ?? dash, birth: shown.p.birthDate ? dicomDate(shown.p.birthDate) : dash })}
        </div>
      )}
      {shown?.error && <div className="error">{errorText(shown.error)}</div>}
    </>
  );
}
