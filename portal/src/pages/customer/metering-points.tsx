import { Card, Space } from "antd";
import { useTranslation } from "react-i18next";
import { ConsumptionCharts } from "../../components/consumption-chart.tsx";
import { MeteringPointTable } from "../../components/metering-points.tsx";

export function CustomerMeteringPointsPage() {
  const { t } = useTranslation();

  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Card title={t("nav.meteringPoints")}>
        <MeteringPointTable />
      </Card>
      <ConsumptionCharts />
    </Space>
  );
}
