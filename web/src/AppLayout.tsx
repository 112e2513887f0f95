/** The shell: header with the product name and language switch, side menu (a drawer on phones), the page. */
import { MenuOutlined } from '@ant-design/icons';
import { Button, Drawer, Grid, Layout, Menu, Result, Segmented } from 'antd';
import { useState } from 'react';
import { useI18n, type Language } from './i18n.ts';
import { matchEntry, menuEntries } from './menu.tsx';
import { followLink, navigate, useLocation } from './router.ts';

const LANGUAGES: { label: string; value: Language }[] = [
  { label: '中文', value: 'zh-CN' },
  { label: 'EN', value: 'en' },
];

export function AppLayout() {
  const { t, language, setLanguage } = useI18n();
  const { pathname } = useLocation();
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const entry = matchEntry(pathname);

  const menu = (
    <Menu
      mode="inline"
      className="app-menu"
      selectedKeys={entry ? [entry.key] : []}
      items={menuEntries.map((e) => ({
        key: e.key,
        icon: e.icon,
        label: <span data-testid={`menu-${e.key}`}>{t(e.label)}</span>,
      }))}
      onClick={({ key }) => {
        const target = menuEntries.find((e) => e.key === key);
        if (target) navigate(target.path);
        setDrawerOpen(false);
      }}
    />
  );

  return (
    <Layout className="app">
      <Layout.Header className="app-header">
        {phone && (
          <Button
            type="text"
            className="app-menu-toggle"
            icon={<MenuOutlined />}
            aria-label={t('layout.openMenu')}
            data-testid="menu-toggle"
            onClick={() => setDrawerOpen(true)}
          />
        )}
        <a className="app-brand" href="/" onClick={(event) => followLink(event, '/')}>
          {t('app.name')}
        </a>
        {!phone && <span className="app-subtitle">{t('app.subtitle')}</span>}
        <span className="app-header-space" />
        <Segmented<Language>
          size="small"
          aria-label={t('layout.language')}
          data-testid="language-switch"
          value={language}
          options={LANGUAGES}
          onChange={setLanguage}
        />
      </Layout.Header>
      <Layout>
        {!phone && (
          <Layout.Sider theme="light" width={200} className="app-sider">
            {menu}
          </Layout.Sider>
        )}
        <Layout.Content className="app-content">
          {entry ? (
            entry.element
          ) : (
            <Result
              status="404"
              title={t('page.notFound')}
              extra={<Button onClick={() => navigate('/')}>{t('page.backHome')}</Button>}
            />
          )}
        </Layout.Content>
      </Layout>
      {phone && (
        <Drawer
          placement="left"
          size={240}
          title={t('app.name')}
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          styles={{ body: { padding: 0 } }}
        >
          {menu}
        </Drawer>
      )}
    </Layout>
  );
}
