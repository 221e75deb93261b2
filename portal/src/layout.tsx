// The frame of every signed-in page: the menu for the user's side (dealer
// or customer), the language switch and sign-out.
import { MenuOutlined } from "@ant-design/icons";
import { Button, Dropdown, Grid, Layout, Menu, Space, Typography } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, Outlet, useLocation } from "react-router";
import { LanguageSwitch } from "./pages/language-switch.tsx";
import { NotFoundPage } from "./pages/not-found.tsx";
import { useSession } from "./session.tsx";
import { supabase } from "./supabase.ts";

export type PortalRole = "dealer_user" | "customer_user";

const DEALER_MENU = [
  ["/", "nav.home"],
  ["/customers", "nav.customers"],
  ["/offers", "nav.offers"],
  ["/requests", "nav.requests"],
  ["/announcements", "nav.announcements"],
  ["/commissions", "nav.commissions"],
] as const;

const CUSTOMER_MENU = [
  ["/", "nav.home"],
  ["/metering-points", "nav.meteringPoints"],
  ["/offers", "nav.offers"],
  ["/contracts", "nav.contracts"],
  ["/requests", "nav.requests"],
  ["/documents", "nav.documents"],
  ["/announcements", "nav.announcements"],
] as const;

export function usePortalRole(): PortalRole | null {
  const { session } = useSession();
  if (session.state !== "signed-in") {
    return null;
  }
  if (session.role === "dealer_user" || session.role === "customer_user") {
    return session.role;
  }

  return null;
}

export function PortalLayout() {
  const { t } = useTranslation();
  const role = usePortalRole();
  const location = useLocation();
  const menu =
    role === "dealer_user"
      ? DEALER_MENU
      : role === "customer_user"
        ? CUSTOMER_MENU
        : [];
  const section = `/${location.pathname.split("/")[1] ?? ""}`;
  // Below the md breakpoint (768 px) the menu folds into a button, so that
  // every entry stays one tap away on a phone.
  const wide = Grid.useBreakpoint().md ?? true;
  const items = menu.map(([path, label]) => ({
    key: path,
    label: <Link to={path}>{t(label)}</Link>,
  }));

  return (
    <Layout style={{ minHeight: "100vh", background: "#f5f5f5" }}>
      <Layout.Header
        style={{
          background: "#fff",
          padding: "0 12px",
          display: "flex",
          alignItems: "center",
          gap: 8,
          height: "auto",
          lineHeight: "normal",
          flexWrap: "wrap",
          borderBottom: "1px solid #eee",
        }}
      >
        <Typography.Title level={4} style={{ margin: "12px 8px 12px 0" }}>
          {role === "dealer_user"
            ? t("home.dealer")
            : role === "customer_user"
              ? t("home.customer")
              : t("app.title")}
        </Typography.Title>
        {wide ? (
          <Menu
            mode="horizontal"
            aria-label={t("app.menu")}
            selectedKeys={[section]}
            style={{ flex: "1 1 200px", minWidth: 0, borderBottom: "none" }}
            items={items}
          />
        ) : (
          <Dropdown
            trigger={["click"]}
            menu={{ items, selectedKeys: [section] }}
          >
            <Button icon={<MenuOutlined />} aria-label={t("app.menu")}>
              {t("app.menu")}
            </Button>
          </Dropdown>
        )}
        <Space style={{ marginLeft: "auto", padding: "8px 0" }}>
          <LanguageSwitch />
          <Button onClick={() => void supabase.auth.signOut()}>
            {t("home.logout")}
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content
        style={{
          width: "100%",
          maxWidth: 1100,
          margin: "0 auto",
          padding: 12,
        }}
      >
        <Outlet />
      </Layout.Content>
    </Layout>
  );
}

/** Shows the page only to users of the given side; others get not found. */
export function RequireRole({
  role,
  children,
}: {
  role: PortalRole;
  children: ReactNode;
}) {
  return usePortalRole() === role ? children : <NotFoundPage />;
}
