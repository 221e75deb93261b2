import { App as AntdApp, ConfigProvider, Spin } from "antd";
import enUS from "antd/locale/en_US";
import trTR from "antd/locale/tr_TR";
import { type ReactNode, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  BrowserRouter,
  Navigate,
  Route,
  Routes,
  useLocation,
} from "react-router";
import { HomePage } from "./pages/home.tsx";
import { LoginPage } from "./pages/login.tsx";
import { NotFoundPage } from "./pages/not-found.tsx";
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

export function App() {
  const { i18n } = useTranslation();

  return (
    <ConfigProvider locale={i18n.language === "en" ? enUS : trTR}>
      <AntdApp>
        <SessionProvider>
          <BrowserRouter>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route
                path="/"
                element={
                  <RequireSession>
                    <HomePage />
                  </RequireSession>
                }
              />
              <Route path="*" element={<NotFoundPage />} />
            </Routes>
          </BrowserRouter>
        </SessionProvider>
      </AntdApp>
    </ConfigProvider>
  );
}
