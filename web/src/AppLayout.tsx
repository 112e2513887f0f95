/**
 * The shell: header with the product name, language switch and the user's menu; the side menu (a drawer on
 * phones) with the pages the user's permissions allow; the page.
 */
import { KeyOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Drawer, Dropdown, Grid, Layout, Menu, Result } from 'antd';
import { useState } from 'react';
import { useI18n } from './i18n.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { groupEntries, matchEntry, menuEntries, permittedEntries, type MenuEntry } from './menu.tsx';
import { ChangePasswordDialog } from './pages/auth/ChangePasswordDialog.tsx';
import { followLink, navigate, useLocation } from './router.ts';
import { session, type Me } from './session.ts';

export function AppLayout({ me }: { me: Me }) {
  const { t } = useI18n();
  const { pathname } = useLocation();
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [changingPassword, setChangingPassword] = useState(false);
  const entries = permittedEntries(me.permissions);
  const entry = matchEntry(pathname, entries);
  const roles = me.account.roles.map((r) => t(`role.${r}`)).join('、');

  const menuItem = (e: MenuEntry) => ({
    key: e.key,
    icon: e.icon,
    label: <span data-testid={`menu-${e.key}`}>{t(e.label)}</span>,
  });

  const menu = (
    <Menu
      mode="inline"
      className="app-menu"
      selectedKeys={entry ? [entry.key] : []}
      items={groupEntries(entries).map((item) =>
        'entries' in item
          ? {
              type: 'group' as const,
              key: `group-${item.group}`,
              label: <span data-testid={`nav-group-${item.entries[0]?.key ?? ''}`}>{t(item.group)}</span>,
              children: item.entries.map(menuItem),
            }
          : menuItem(item),
      )}
      onClick={({ key }) => {
        const target = entries.find((e) => e.key === key);
        if (target) navigate(target.path);
        setDrawerOpen(false);
      }}
    />
  );

  const userMenu = (
    <Dropdown
      trigger={['click']}
      placement="bottomRight"
      menu={{
        items: [
          {
            key: 'who',
            disabled: true,
            label: (
              <div className="user-menu-who">
                <div>{me.account.displayName}</div>
                <div className="user-menu-meta">{me.account.homeOrg.name}</div>
                <div className="user-menu-meta" data-testid="user-roles">
                  {roles || t('layout.noRoles')}
                </div>
              </div>
            ),
          },
          { type: 'divider' },
          {
            key: 'password',
            icon: <KeyOutlined />,
            label: <span data-testid="user-menu-password">{t('layout.changePassword')}</span>,
          },
          {
            key: 'logout',
            icon: <LogoutOutlined />,
            label: <span data-testid="user-menu-logout">{t('layout.logout')}</span>,
          },
        ],
        onClick: ({ key }) => {
          if (key === 'password') setChangingPassword(true);
          if (key === 'logout') void session.logOut();
        },
      }}
    >
      <Button type="text" className="user-menu-button" icon={<UserOutlined />} data-testid="user-menu">
        {!phone && (
          <>
            <span data-testid="user-name">{me.account.displayName}</span>
            {roles && <span className="user-menu-roles">{roles}</span>}
          </>
        )}
      </Button>
    </Dropdown>
  );

  const page = entry ? (
    entry.element
  ) : entries.length === 0 ? (
    <Result status="info" title={t('layout.noRoles')} subTitle={t('layout.noRolesHint')} />
  ) : menuEntries.some((e) => pathname === e.path || pathname.startsWith(`${e.path}/`)) ? (
    <Result
      status="403"
      title={t('page.forbidden')}
      extra={<Button onClick={() => navigate('/')}>{t('page.backHome')}</Button>}
    />
  ) : (
    <Result
      status="404"
      title={t('page.notFound')}
      extra={<Button onClick={() => navigate('/')}>{t('page.backHome')}</Button>}
    />
  );

  return (
    <Layout className="app">
      <Layout.Header className="app-header">
        {phone && entries.length > 0 && (
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
        <LanguageSwitch />
        {userMenu}
      </Layout.Header>
      <Layout>
        {!phone && entries.length > 0 && (
          <Layout.Sider theme="light" width={200} className="app-sider">
            {menu}
          </Layout.Sider>
        )}
        <Layout.Content className="app-content">{page}</Layout.Content>
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
      {changingPassword && <ChangePasswordDialog onClose={() => setChangingPassword(false)} />}
    </Layout>
  );
}
