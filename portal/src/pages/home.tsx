import { Alert, Button, Card, Space, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useSession } from "../session.tsx";
import { supabase } from "../supabase.ts";
import { LanguageSwitch } from "./language-switch.tsx";

export function HomePage() {
  const { t } = useTranslation();
  const { session } = useSession();
  if (session.state !== "signed-in") {
    return null;
  }
  const name =
    (session.user.user_metadata?.full_name as string | undefined) ??
    session.user.email ??
    "";
  const audience =
    session.role === "dealer_user"
      ? t("home.dealer")
      : session.role === "customer_user"
        ? t("home.customer")
        : null;

  return (
    <div style={{ maxWidth: 960, margin: "0 auto", padding: 16 }}>
      <Space style={{ width: "100%", justifyContent: "space-between" }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {audience ?? t("app.title")}
        </Typography.Title>
        <Space>
          <LanguageSwitch />
          <Button onClick={() => void supabase.auth.signOut()}>
            {t("home.logout")}
          </Button>
        </Space>
      </Space>
      <Card style={{ marginTop: 16 }}>
        <Typography.Paragraph>
          {t("home.welcome", { name })}
        </Typography.Paragraph>
        {!audience && <Alert type="warning" message={t("home.unassigned")} />}
      </Card>
    </div>
  );
}
