import { Card } from "antd";
import { useTranslation } from "react-i18next";
import { ConsumptionChart } from "../../components/consumption-chart.tsx";
import { MeteringPointTable } from "../../components/metering-points.tsx";

export function CustomerMeteringPointsPage() {
  const { t } = useTranslation();

  return (
    <>
      <Card title={t("nav.meteringPoints")}>
        <MeteringPointTable />
      </Card>
      <ConsumptionChart />
    </>
  );
}
