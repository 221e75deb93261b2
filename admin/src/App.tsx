import {
  AuthPage,
  ErrorComponent,
  ThemedLayout,
  useNotificationProvider,
} from "@refinedev/antd";
import "@refinedev/antd/dist/reset.css";
import { Authenticated, Refine } from "@refinedev/core";
import routerProvider, {
  CatchAllNavigate,
  DocumentTitleHandler,
  NavigateToResource,
} from "@refinedev/react-router";
import { dataProvider } from "@refinedev/supabase";
import { App as AntdApp, ConfigProvider, Space } from "antd";
import enUS from "antd/locale/en_US";
import trTR from "antd/locale/tr_TR";
import { useTranslation } from "react-i18next";
import { BrowserRouter, Outlet, Route, Routes } from "react-router";
import { withRelatedSorters } from "../../shared/related-sorters.ts";
import { i18nProvider } from "./i18n/index.ts";
import { LanguageSwitch } from "./pages/language-switch.tsx";
import { createAuthProvider } from "./providers/auth-provider.ts";
import { DistributionRegionListPage } from "./resources/distribution-regions/list.tsx";
import { DistributionRegionShowPage } from "./resources/distribution-regions/show.tsx";
import { SubscriberGroupListPage } from "./resources/subscriber-groups/list.tsx";
import { supabase } from "./supabase.ts";

const authProvider = createAuthProvider(supabase);

const resources = [
  {
    name: "distribution_regions",
    list: "/distribution-regions",
    show: "/distribution-regions/show/:id",
    meta: { idColumnName: "code" },
  },
  { name: "subscriber_groups", list: "/subscriber-groups" },
];

export function App() {
  const { i18n } = useTranslation();

  return (
    <BrowserRouter>
      <ConfigProvider locale={i18n.language === "en" ? enUS : trTR}>
        <AntdApp>
          <Refine
            dataProvider={withRelatedSorters(dataProvider(supabase))}
            authProvider={authProvider}
            routerProvider={routerProvider}
            i18nProvider={i18nProvider}
            notificationProvider={useNotificationProvider}
            resources={resources}
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
                <Route
                  index
                  element={
                    <NavigateToResource resource="distribution_regions" />
                  }
                />
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
                    <NavigateToResource />
                  </Authenticated>
                }
              >
                <Route
                  path="/login"
                  element={
                    <AuthPage
                      type="login"
                      registerLink={false}
                      forgotPasswordLink={false}
                      rememberMe={false}
                    />
                  }
                />
              </Route>
            </Routes>
            <DocumentTitleHandler />
          </Refine>
        </AntdApp>
      </ConfigProvider>
    </BrowserRouter>
  );
}
