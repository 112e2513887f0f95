import { App as AntApp, ConfigProvider, type ConfigProviderProps } from 'antd';
import enUSModule from 'antd/locale/en_US.js';
import zhCNModule from 'antd/locale/zh_CN.js';
import { useEffect } from 'react';
import './dates.ts';
import { useI18n } from './i18n.ts';
import { SessionGate } from './SessionGate.tsx';

type AntLocale = NonNullable<ConfigProviderProps['locale']>;

// antd's locale files are CommonJS: typed (NodeNext) as the module object, handed over by Vite as its default.
function commonJsDefault(value: AntLocale | { default: AntLocale }): AntLocale {
  return 'default' in value ? value.default : value;
}

const antLocales = { 'zh-CN': commonJsDefault(zhCNModule), en: commonJsDefault(enUSModule) };

export function App() {
  const { language, t } = useI18n();
  useEffect(() => {
    document.documentElement.lang = language;
    document.title = t('app.name');
  }, [language, t]);
  return (
    <ConfigProvider locale={antLocales[language]} theme={{ token: { borderRadius: 6 } }}>
      <AntApp>
        <SessionGate />
      </AntApp>
    </ConfigProvider>
  );
}
