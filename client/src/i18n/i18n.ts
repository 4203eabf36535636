import { messages, type MessageKey } from './messages';

export type Lang = 'en' | 'ko';

const STORAGE_KEY = 'gradientweb.lang';
const listeners = new Set<() => void>();
let current: Lang = 'en';

/** ?lang= first (a shared link), then the choice made on this browser, then the browser's own language. */
export function initialLanguage(search: string, stored: string | null, browser: readonly string[]): Lang {
  const fromUrl = new URLSearchParams(search).get('lang');
  if (fromUrl === 'ko' || fromUrl === 'en') return fromUrl;
  if (stored === 'ko' || stored === 'en') return stored;
  return browser.some((l) => l.toLowerCase().startsWith('ko')) ? 'ko' : 'en';
}

export const language = (): Lang => current;

/** The message in the current language, with {name} filled from `params`. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = messages[key][current];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

export function setLanguage(lang: Lang, remember = true): void {
  current = lang;
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, lang);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  }
  if (typeof document !== 'undefined') {
    document.documentElement.lang = lang;
    translatePage(document);
  }
  for (const l of listeners) l();
}

export function storedLanguage(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function onLanguageChange(listener: () => void): void {
  listeners.add(listener);
}

/** Static text: data-i18n sets the text, data-i18n-title the tooltip, data-i18n-placeholder the placeholder, data-i18n-aria the label read aloud. */
export function translatePage(root: ParentNode): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) el.textContent = t(el.dataset.i18n as MessageKey);
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle as MessageKey);
  for (const el of root.querySelectorAll<HTMLInputElement>('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder as MessageKey);
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-aria]')) el.setAttribute('aria-label', t(el.dataset.i18nAria as MessageKey));
}
