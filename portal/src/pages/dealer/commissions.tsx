import { Card, Empty } from "antd";
import { useTranslation } from "react-i18next";

// NOTE: commissions are not calculated yet, so the page has no data source
// and shows the empty state until commission statements exist.
export function CommissionsPage() {
  const { t } = useTranslation();

  return (
    <Card title={t("commissions.title")}>
      <Empty description={t("commissions.empty")} />
    </Card>
  );
}
