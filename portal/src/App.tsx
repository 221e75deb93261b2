import { App as AntdApp, ConfigProvider, Spin } from "antd";
import enUS from "antd/es/locale/en_US";
import trTR from "antd/es/locale/tr_TR";
import { type ReactNode, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  BrowserRouter,
  Navigate,
  Route,
  Routes,
  useLocation,
} from "react-router";
import { PortalLayout, RequireRole, usePortalRole } from "./layout.tsx";
import { AnnouncementsPage } from "./pages/announcements.tsx";
import { CustomerDocumentsPage } from "./pages/customer/documents.tsx";
import { CustomerMeteringPointsPage } from "./pages/customer/metering-points.tsx";
import { ContractsPage, CustomerOffersPage } from "./pages/customer/offers.tsx";
import { CommissionsPage } from "./pages/dealer/commissions.tsx";
import { CustomersPage } from "./pages/dealer/customers.tsx";
import { NewOfferPage } from "./pages/dealer/offer-new.tsx";
import { OfferDetailPage, OffersPage } from "./pages/dealer/offers.tsx";
import { PartyDetailPage } from "./pages/dealer/party-detail.tsx";
import { ForgotPasswordPage } from "./pages/forgot-password.tsx";
import { HomePage } from "./pages/home.tsx";
import { LoginPage } from "./pages/login.tsx";
import { NotFoundPage } from "./pages/not-found.tsx";
import {
  NewRequestPage,
  RequestDetailPage,
  RequestsPage,
} from "./pages/requests.tsx";
import { SetPasswordPage } from "./pages/set-password.tsx";
import { SessionProvider, useSession } from "./session.tsx";

// Asks the auth server for the user on every navigation to a protected page
// and shows nothing until it confirms, so a session ended elsewhere ends here.
function RequireSession({ children }: { children: ReactNode }) {
  const { session, refresh } = useSession();
  const location = useLocation();
  const [checkedKey, setCheckedKey] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    void refresh().then(() => {
      if (current) {
        setCheckedKey(location.key);
      }
    });

    return () => {
      current = false;
    };
  }, [location.key, refresh]);

  if (session.state === "loading" || checkedKey !== location.key) {
    return <Spin fullscreen />;
  }
  if (session.state === "signed-out") {
    const to = encodeURIComponent(location.pathname + location.search);

    return <Navigate to={`/login?to=${to}`} replace />;
  }

  return children;
}

// Dealers manage the offers of their tree, and customers respond to the
// offers sent to them.
function OffersByRole() {
  const role = usePortalRole();
  if (role === "dealer_user") {
    return <OffersPage />;
  }
  if (role === "customer_user") {
    return <CustomerOffersPage />;
  }

  return <NotFoundPage />;
}

export function App() {
  const { i18n } = useTranslation();

  return (
    <ConfigProvider locale={i18n.language === "en" ? enUS : trTR}>
      <AntdApp>
        <SessionProvider>
          <BrowserRouter>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route path="/forgot-password" element={<ForgotPasswordPage />} />
              <Route path="/set-password" element={<SetPasswordPage />} />
              <Route
                element={
                  <RequireSession>
                    <PortalLayout />
                  </RequireSession>
                }
              >
                <Route index element={<HomePage />} />
                <Route
                  path="customers"
                  element={
                    <RequireRole role="dealer_user">
                      <CustomersPage />
                    </RequireRole>
                  }
                />
                <Route
                  path="customers/:id"
                  element={
                    <RequireRole role="dealer_user">
                      <PartyDetailPage />
                    </RequireRole>
                  }
                />
                <Route
                  path="commissions"
                  element={
                    <RequireRole role="dealer_user">
                      <CommissionsPage />
                    </RequireRole>
                  }
                />
                <Route
                  path="metering-points"
                  element={
                    <RequireRole role="customer_user">
                      <CustomerMeteringPointsPage />
                    </RequireRole>
                  }
                />
                <Route
                  path="documents"
                  element={
                    <RequireRole role="customer_user">
                      <CustomerDocumentsPage />
                    </RequireRole>
                  }
                />
                <Route path="offers" element={<OffersByRole />} />
                <Route
                  path="offers/new"
                  element={
                    <RequireRole role="dealer_user">
                      <NewOfferPage />
                    </RequireRole>
                  }
                />
                <Route
                  path="offers/:id"
                  element={
                    <RequireRole role="dealer_user">
                      <OfferDetailPage />
                    </RequireRole>
                  }
                />
                <Route
                  path="contracts"
                  element={
                    <RequireRole role="customer_user">
                      <ContractsPage />
                    </RequireRole>
                  }
                />
                <Route path="requests" element={<RequestsPage />} />
                <Route path="requests/new" element={<NewRequestPage />} />
                <Route path="requests/:id" element={<RequestDetailPage />} />
                <Route path="announcements" element={<AnnouncementsPage />} />
                <Route path="*" element={<NotFoundPage />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </SessionProvider>
      </AntdApp>
    </ConfigProvider>
  );
}
