// Home dashboard: the month's conversions, the portfolio, registrations
// waiting and targets against actuals, from the admin_dashboard RPC.
import { useTranslate } from "@refinedev/core";
import { Alert, Card, Col, Row, Spin, Statistic, Table } from "antd";
import {
  BarElement,
  CategoryScale,
  Chart as ChartJS,
  Legend,
  LinearScale,
  Tooltip,
} from "chart.js";
import { Bar } from "react-chartjs-2";
import { formatDecimal } from "../../../shared/money.ts";
import { ErrorDescription } from "../errors/error-description.tsx";
import { decimalString, formatDate } from "../format/values.ts";
import { useRpc } from "../use-rpc.ts";

ChartJS.register(BarElement, CategoryScale, LinearScale, Legend, Tooltip);

type TargetRow = {
  id: string;
  owner_name: string;
  owner_kind: "staff" | "dealer";
  period_start: string;
  period_end: string;
  target_mwh: number | null;
  target_count: number | null;
  actual_count: number;
  actual_mwh: number;
};

export type DashboardFigures = {
  month: string;
  portfolio: {
    active_count: number;
    pending_count: number;
    active_yearly_mwh: number;
  };
  conversions: {
    new_customers: number;
    new_parties: number;
    customers: number;
    leads: number;
  };
  meetings_held: number;
  targets: TargetRow[];
};

function decimalText(value: unknown, digits: number): string {
  const decimal = decimalString(value);

  return decimal === null ? "" : formatDecimal(decimal, digits);
}

export function DashboardPage() {
  const translate = useTranslate();
  const dashboard = useRpc<DashboardFigures>("admin_dashboard");
  const figures = dashboard.data;
  if (dashboard.loading && !figures) {
    return <Spin />;
  }
  if (dashboard.error || !figures) {
    return (
      <Alert
        type="error"
        showIcon
        message={translate("dashboard.loadError")}
        description={<ErrorDescription message={dashboard.error} />}
      />
    );
  }
  const targets = figures.targets;

  return (
    <div>
      <h2>
        {translate("dashboard.title")} · {formatDate(figures.month).slice(3)}
      </h2>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={6}>
          <Card>
            <Statistic
              title={translate("dashboard.newCustomers")}
              value={decimalText(figures.conversions.new_customers, 0)}
            />
          </Card>
        </Col>
        <Col xs={24} md={6}>
          <Card>
            <Statistic
              title={translate("dashboard.newParties")}
              value={decimalText(figures.conversions.new_parties, 0)}
            />
          </Card>
        </Col>
        <Col xs={24} md={6}>
          <Card>
            <Statistic
              title={translate("dashboard.activeMeteringPoints")}
              value={decimalText(figures.portfolio.active_count, 0)}
              // Smaller than the count, so both fit one line of a
              // quarter-width card.
              suffix={
                <span style={{ fontSize: 14 }}>
                  · {decimalText(figures.portfolio.active_yearly_mwh, 0)} MWh
                </span>
              }
            />
          </Card>
        </Col>
        <Col xs={24} md={6}>
          <Card>
            <Statistic
              title={translate("dashboard.registrationsPending")}
              value={decimalText(figures.portfolio.pending_count, 0)}
            />
          </Card>
        </Col>
      </Row>
      <Card title={translate("dashboard.targets")} style={{ marginTop: 16 }}>
        {targets.length > 0 ? (
          <div style={{ height: 320 }}>
            <Bar
              aria-label={translate("dashboard.targets")}
              options={{
                maintainAspectRatio: false,
                // Axis and tooltip numbers in the Turkish format (16.000).
                locale: "tr-TR",
                responsive: true,
                scales: {
                  y: {
                    beginAtZero: true,
                    title: { display: true, text: "MWh" },
                  },
                },
              }}
              data={{
                labels: targets.map((row) => row.owner_name),
                datasets: [
                  {
                    label: translate("dashboard.targetMwh"),
                    data: targets.map((row) => Number(row.target_mwh ?? 0)),
                    backgroundColor: "#91caff",
                  },
                  {
                    label: translate("dashboard.actualMwh"),
                    data: targets.map((row) => Number(row.actual_mwh)),
                    backgroundColor: "#1677ff",
                  },
                ],
              }}
            />
          </div>
        ) : null}
        <Table<TargetRow>
          size="small"
          rowKey="id"
          dataSource={targets}
          pagination={false}
          columns={[
            {
              key: "owner",
              title: translate("dashboard.owner"),
              dataIndex: "owner_name",
            },
            {
              key: "period",
              title: translate("dashboard.period"),
              render: (_, row) =>
                `${formatDate(row.period_start)} – ${formatDate(row.period_end)}`,
            },
            {
              key: "target_mwh",
              title: translate("dashboard.targetMwh"),
              render: (_, row) => decimalText(row.target_mwh, 3),
            },
            {
              key: "actual_mwh",
              title: translate("dashboard.actualMwh"),
              render: (_, row) => decimalText(row.actual_mwh, 3),
            },
            {
              key: "target_count",
              title: translate("dashboard.targetCount"),
              render: (_, row) => decimalText(row.target_count, 0),
            },
            {
              key: "actual_count",
              title: translate("dashboard.actualCount"),
              render: (_, row) => decimalText(row.actual_count, 0),
            },
          ]}
        />
      </Card>
    </div>
  );
}
