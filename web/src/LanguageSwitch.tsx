/** 中文 / EN, in the app header and on the login page. */
import { Segmented } from 'antd';
import { useI18n, type Language } from './i18n.ts';

const LANGUAGES: { label: string; value: Language }[] = [
  { label: '中文', value: 'zh-CN' },
  { label: 'EN', value: 'en' },
];

export function LanguageSwitch() {
  const { t, language, setLanguage } = useI18n();
  return (
    <Segmented<Language>
      size="small"
      aria-label={t('layout.language')}
      data-testid="language-switch"
      value={language}
      options={LANGUAGES}
      onChange={setLanguage}
    />
  );
}
