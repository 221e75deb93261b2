// Published announcements for the user's side; row-level security picks
// those for dealers or customers that are live now.
import { Card, List, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { LoadState } from "../components/load-state.tsx";
import { formatDate } from "../format.ts";
import { useLoad } from "../load.ts";
import { supabase } from "../supabase.ts";

type Announcement = {
  id: string;
  title_tr: string;
  title_en: string;
  body_tr: string;
  body_en: string;
  published_from: string;
};

export function AnnouncementList({ limit }: { limit?: number }) {
  const { t, i18n } = useTranslation();
  const english = i18n.language === "en";
  const announcements = useLoad(
    () =>
      supabase
        .from("announcements")
        .select("id, title_tr, title_en, body_tr, body_en, published_from")
        .order("published_from", { ascending: false })
        .limit(limit ?? 100)
        .returns<Announcement[]>(),
    [limit],
  );

  return (
    <LoadState loaded={announcements}>
      {(rows) => (
        <List
          dataSource={rows}
          locale={{ emptyText: t("common.empty") }}
          renderItem={(item) => (
            <List.Item>
              <List.Item.Meta
                title={english ? item.title_en : item.title_tr}
                description={
                  <>
                    <Typography.Text type="secondary">
                      {formatDate(item.published_from)}
                    </Typography.Text>
                    <Typography.Paragraph
                      style={{ whiteSpace: "pre-wrap", margin: "4px 0 0" }}
                    >
                      {english ? item.body_en : item.body_tr}
                    </Typography.Paragraph>
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
    </LoadState>
  );
}

export function AnnouncementsPage() {
  const { t } = useTranslation();

  return (
    <Card title={t("announcements.title")}>
      <AnnouncementList />
    </Card>
  );
}
