import { AuthPage, ErrorComponent, ThemedLayout } from "@refinedev/antd";
import "@refinedev/antd/dist/reset.css";
import {
  Authenticated,
  CanAccess,
  type IResourceItem,
  Refine,
} from "@refinedev/core";
import routerProvider, {
  CatchAllNavigate,
  DocumentTitleHandler,
  NavigateToResource,
} from "@refinedev/react-router";
import { dataProvider } from "@refinedev/supabase";
import { App as AntdApp, ConfigProvider, Space } from "antd";
import enUS from "antd/es/locale/en_US";
import trTR from "antd/es/locale/tr_TR";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { BrowserRouter, Outlet, Route, Routes } from "react-router";
import { withRelatedSorters } from "../../shared/related-sorters.ts";
import { createAccessControlProvider } from "./catalogue/access.ts";
import { RESOURCES } from "./catalogue/resources.ts";
import type { MenuGroup } from "./catalogue/types.ts";
import { useAppNotificationProvider } from "./errors/notification-provider.tsx";
import { withTranslatedErrors } from "./errors/technical.ts";
import { translateForAdmin } from "./errors/translate.ts";
import { i18nProvider } from "./i18n/index.ts";
import { ApprovalsPage } from "./pages/approvals.tsx";
import { DashboardPage } from "./pages/dashboard.tsx";
import { ForbiddenPage } from "./pages/forbidden.tsx";
import { LanguageSwitch } from "./pages/language-switch.tsx";
import { MarketDataPage } from "./pages/market-data.tsx";
import { OfferBuilderPage } from "./pages/offer-builder.tsx";
import { PipelinePage } from "./pages/pipeline.tsx";
import { UpdatePasswordPage } from "./pages/update-password.tsx";
import {
  createAuthProvider,
  UPDATE_PASSWORD_PATH,
} from "./providers/auth-provider.ts";
import { DistributionRegionListPage } from "./resources/distribution-regions/list.tsx";
import { DistributionRegionShowPage } from "./resources/distribution-regions/show.tsx";
import { ResourceFormPage } from "./resources/generic/form.tsx";
import { ResourceListPage } from "./resources/generic/list.tsx";
import { ResourceShowPage } from "./resources/generic/show.tsx";
import { ScheduledJobListPage } from "./resources/scheduled-jobs/list.tsx";
import { SubscriberGroupListPage } from "./resources/subscriber-groups/list.tsx";
import { supabase } from "./supabase.ts";

const authProvider = createAuthProvider(supabase);
const accessControlProvider = createAccessControlProvider(supabase);
const appDataProvider = withTranslatedErrors(
  withRelatedSorters(dataProvider(supabase)),
  translateForAdmin,
);

const MENU_GROUPS: readonly MenuGroup[] = [
  "sales",
  "customers",
  "market",
  "organisation",
];

// Turkish antd texts, with the empty-table text in sentence case and full
// month names in date picker headers, because short ones such as "May"
// read as English.
const turkishLocale = {
  ...trTR,
  Empty: { ...trTR.Empty, description: "Veri yok" },
  DatePicker: trTR.DatePicker && {
    ...trTR.DatePicker,
    lang: { ...trTR.DatePicker.lang, monthFormat: "MMMM" },
  },
};

function buildResources(t: (key: string) => string): IResourceItem[] {
  const groups = MENU_GROUPS.map((group) => ({
    name: group,
    meta: { label: t(`menu.${group}`) },
  }));
  const tables = RESOURCES.map((resource) => ({
    name: resource.name,
    list: resource.route,
    show: `${resource.route}/show/:id`,
    create: resource.access.create ? `${resource.route}/create` : undefined,
    edit: resource.access.edit ? `${resource.route}/edit/:id` : undefined,
    meta: {
      parent: resource.group,
      label: t(`${resource.name}.${resource.name}`),
      idColumnName: resource.idField ?? "id",
    },
  }));

  return [
    { name: "dashboard", list: "/", meta: { label: t("menu.dashboard") } },
    {
      name: "market_data",
      list: "/market-data",
      meta: { label: t("menu.market_data"), parent: "market" },
    },
    {
      name: "pipeline",
      list: "/pipeline",
      meta: { label: t("menu.pipeline"), parent: "sales" },
    },
    {
      name: "approvals",
      list: "/approvals",
      meta: { label: t("menu.approvals"), parent: "sales" },
    },
    ...groups,
    ...tables,
    {
      name: "distribution_regions",
      list: "/distribution-regions",
      show: "/distribution-regions/show/:id",
      meta: {
        idColumnName: "code",
        parent: "market",
        label: t("distribution_regions.distribution_regions"),
      },
    },
    {
      name: "subscriber_groups",
      list: "/subscriber-groups",
      meta: {
        parent: "market",
        label: t("subscriber_groups.subscriber_groups"),
      },
    },
  ];
}

function Guard({
  resource,
  action,
  children,
}: {
  resource: string;
  action: string;
  children: ReactNode;
}) {
  return (
    <CanAccess resource={resource} action={action} fallback={<ForbiddenPage />}>
      {children}
    </CanAccess>
  );
}

// The sign-in and reset pages with the language switch above their card.
function withLanguageSwitch(content: ReactNode, title: ReactNode): ReactNode {
  return (
    <div>
      <div style={{ display: "flex", justifyContent: "flex-end" }}>
        <LanguageSwitch />
      </div>
      {title}
      {content}
    </div>
  );
}

export function App() {
  const { i18n, t } = useTranslation();

  return (
    <BrowserRouter>
      <ConfigProvider locale={i18n.language === "en" ? enUS : turkishLocale}>
        <AntdApp>
          <Refine
            dataProvider={appDataProvider}
            authProvider={authProvider}
            accessControlProvider={accessControlProvider}
            routerProvider={routerProvider}
            i18nProvider={i18nProvider}
            notificationProvider={useAppNotificationProvider}
            resources={buildResources(t)}
            options={{
              syncWithLocation: true,
              disableTelemetry: true,
              title: { text: "Enerji CRM" },
            }}
          >
            <Routes>
              <Route
                element={
                  <Authenticated
                    key="protected"
                    fallback={<CatchAllNavigate to="/login" />}
                  >
                    <ThemedLayout
                      Header={() => (
                        <Space
                          style={{ justifyContent: "flex-end", padding: 12 }}
                        >
                          <LanguageSwitch />
                        </Space>
                      )}
                    >
                      <Outlet />
                    </ThemedLayout>
                  </Authenticated>
                }
              >
                <Route index element={<DashboardPage />} />
                <Route
                  path="/market-data"
                  element={
                    <Guard resource="market_data" action="list">
                      <MarketDataPage />
                    </Guard>
                  }
                />
                <Route
                  path="/pipeline"
                  element={
                    <Guard resource="pipeline" action="list">
                      <PipelinePage />
                    </Guard>
                  }
                />
                <Route
                  path="/approvals"
                  element={
                    <Guard resource="approvals" action="list">
                      <ApprovalsPage />
                    </Guard>
                  }
                />
                <Route
                  path="/offers/new"
                  element={
                    <Guard resource="offer_builder" action="list">
                      <OfferBuilderPage />
                    </Guard>
                  }
                />
                {RESOURCES.map((resource) => (
                  <Route key={resource.name} path={resource.route}>
                    <Route
                      index
                      element={
                        <Guard resource={resource.name} action="list">
                          {resource.name === "scheduled_jobs" ? (
                            <ScheduledJobListPage description={resource} />
                          ) : (
                            <ResourceListPage
                              key={resource.name}
                              description={resource}
                            />
                          )}
                        </Guard>
                      }
                    />
                    <Route
                      path="show/:id"
                      element={
                        <Guard resource={resource.name} action="show">
                          <ResourceShowPage
                            key={resource.name}
                            description={resource}
                          />
                        </Guard>
                      }
                    />
                    <Route
                      path="create"
                      element={
                        <Guard resource={resource.name} action="create">
                          <ResourceFormPage
                            key={resource.name}
                            description={resource}
                            action="create"
                          />
                        </Guard>
                      }
                    />
                    <Route
                      path="edit/:id"
                      element={
                        <Guard resource={resource.name} action="edit">
                          <ResourceFormPage
                            key={resource.name}
                            description={resource}
                            action="edit"
                          />
                        </Guard>
                      }
                    />
                  </Route>
                ))}
                <Route path="/distribution-regions">
                  <Route index element={<DistributionRegionListPage />} />
                  <Route
                    path="show/:id"
                    element={<DistributionRegionShowPage />}
                  />
                </Route>
                <Route
                  path="/subscriber-groups"
                  element={<SubscriberGroupListPage />}
                />
                <Route path="*" element={<ErrorComponent />} />
              </Route>
              <Route
                element={
                  <Authenticated key="public" fallback={<Outlet />}>
                    <NavigateToResource resource="dashboard" />
                  </Authenticated>
                }
              >
                <Route
                  path="/login"
                  element={
                    <AuthPage
                      type="login"
                      registerLink={false}
                      rememberMe={false}
                      renderContent={withLanguageSwitch}
                    />
                  }
                />
                <Route
                  path="/forgot-password"
                  element={
                    <AuthPage
                      type="forgotPassword"
                      renderContent={withLanguageSwitch}
                    />
                  }
                />
              </Route>
              {/* The reset link signs the user in before this page shows,
                  so it is outside both the signed-in and signed-out routes. */}
              <Route
                path={UPDATE_PASSWORD_PATH}
                element={<UpdatePasswordPage />}
              />
            </Routes>
            <DocumentTitleHandler />
          </Refine>
        </AntdApp>
      </ConfigProvider>
    </BrowserRouter>
  );
}
