import { Alert, Card, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { usePortalRole } from "../layout.tsx";
import { useSession } from "../session.tsx";
import { AnnouncementList } from "./announcements.tsx";

export function HomePage() {
  const { t } = useTranslation();
  const { session } = useSession();
  const role = usePortalRole();
  if (session.state !== "signed-in") {
    return null;
  }
  const name =
    (session.user.user_metadata?.full_name as string | undefined) ??
    session.user.email ??
    "";

  return (
    <>
      <Card>
        <Typography.Paragraph style={{ margin: 0 }}>
          {t("home.welcome", { name })}
        </Typography.Paragraph>
        {!role && (
          <Alert
            type="warning"
            message={t("home.unassigned")}
            style={{ marginTop: 12 }}
          />
        )}
      </Card>
      {role && (
        <Card title={t("home.latestAnnouncements")} style={{ marginTop: 12 }}>
          <AnnouncementList limit={3} />
        </Card>
      )}
    </>
  );
}
