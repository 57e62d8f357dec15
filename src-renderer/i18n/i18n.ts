import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.js';
import { zhCN } from './zhCN.js';

export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'zh-CN', name: '中文' },
] as const;
export type LanguageCode = (typeof LANGUAGES)[number]['code'];

const STORAGE_KEY = 'lightbox.language';

function initialLanguage(): LanguageCode {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === 'en' || saved === 'zh-CN') return saved;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function setupI18n(): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    lng: initialLanguage(),
    fallbackLng: 'en',
    // React escapes text itself; labels and file names are always rendered as text, never markup.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = i18next.language;
  return i18next;
}

export function changeLanguage(code: LanguageCode): void {
  localStorage.setItem(STORAGE_KEY, code);
  void i18next.changeLanguage(code);
  document.documentElement.lang = code;
}
