/** Our own UI strings: zh-CN first, English second; the choice is remembered in localStorage. */
import { useSyncExternalStore } from 'react';
import { en } from './locales/en.ts';
import { zhCN, type MessageKey } from './locales/zh-CN.ts';

export type { MessageKey };
export type Language = 'zh-CN' | 'en';
export type MessageParams = Record<string, string | number>;

const catalogs: Record<Language, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };
const STORAGE_KEY = 'xianfeng.language';
const listeners = new Set<() => void>();

function storedLanguage(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

let current: Language = storedLanguage();

export function getLanguage(): Language {
  return current;
}

export function setLanguage(language: Language): void {
  if (language === current) return;
  current = language;
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private mode may refuse storage; the choice then lasts for this page only.
  }
  document.documentElement.lang = language;
  for (const listener of listeners) listener();
}

function interpolate(text: string, params?: MessageParams): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function translate(key: MessageKey, params?: MessageParams): string {
  return interpolate(catalogs[current][key], params);
}

function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(catalogs[current], key);
}

/** The text of a key built from data (an audit action, a role), or null when the catalog has none. */
export function translateOptional(key: string, params?: MessageParams): string | null {
  return isMessageKey(key) ? translate(key, params) : null;
}

/** The localized text of an API error code, or null when we have none. */
export function translateErrorCode(code: string): string | null {
  return translateOptional(`error.${code}`);
}

/** Calls `listener` after every language change; returns the unsubscribe function. */
export function onLanguageChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Components call this so that they re-render when the language changes. */
export function useI18n(): { language: Language; t: typeof translate; setLanguage: typeof setLanguage } {
  const language = useSyncExternalStore(onLanguageChange, getLanguage);
  return { language, t: translate, setLanguage };
}
