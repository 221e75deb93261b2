import { Descriptions, Grid, List, Table, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { formatNumber } from "../format.ts";
import { useLoad } from "../load.ts";
import { supabase } from "../supabase.ts";
import { LoadState } from "./load-state.tsx";

type MeteringPointRow = {
  id: string;
  code: string;
  installation_number: string;
  meter_serial: string;
  subscriber_groups: { name_tr: string; name_en: string } | null;
  tariff_type: "single_time" | "three_time";
  connection_power_kw: number | string;
  reading_method: "osos" | "manual";
  status: string;
};

/** Lists the metering points of one party, or all the user may view. */
export function MeteringPointTable({ partyId }: { partyId?: string }) {
  const { t, i18n } = useTranslation();
  const wide = Grid.useBreakpoint().md ?? true;
  const points = useLoad(() => {
    let query = supabase
      .from("metering_points")
      .select(
        "id, code, installation_number, meter_serial, tariff_type, connection_power_kw, reading_method, status, subscriber_groups(name_tr, name_en)",
      )
      .order("code");
    if (partyId) {
      query = query.eq("party_id", partyId);
    }

    return query.returns<MeteringPointRow[]>();
  }, [partyId]);

  const groupName = (row: MeteringPointRow) =>
    (i18n.language === "en"
      ? row.subscriber_groups?.name_en
      : row.subscriber_groups?.name_tr) ?? "";
  const status = (value: string) => (
    <Tag color={value === "active" ? "green" : undefined}>
      {t(`meteringPoint.statuses.${value}`)}
    </Tag>
  );

  // A phone gets one card per point in place of a wide table.
  if (!wide) {
    return (
      <LoadState loaded={points}>
        {(rows) => (
          <List
            dataSource={rows}
            locale={{ emptyText: t("common.empty") }}
            renderItem={(row) => (
              <List.Item>
                <Descriptions
                  size="small"
                  column={1}
                  title={row.code}
                  extra={status(row.status)}
                >
                  <Descriptions.Item label={t("meteringPoint.installation")}>
                    {row.installation_number}
                  </Descriptions.Item>
                  <Descriptions.Item label={t("meteringPoint.serial")}>
                    {row.meter_serial}
                  </Descriptions.Item>
                  <Descriptions.Item label={t("meteringPoint.group")}>
                    {groupName(row)}
                  </Descriptions.Item>
                  <Descriptions.Item label={t("meteringPoint.tariff")}>
                    {t(`meteringPoint.${row.tariff_type}`)}
                  </Descriptions.Item>
                  <Descriptions.Item label={t("meteringPoint.power")}>
                    {`${formatNumber(row.connection_power_kw, 2)} kW`}
                  </Descriptions.Item>
                  <Descriptions.Item label={t("meteringPoint.reading")}>
                    {t(`meteringPoint.${row.reading_method}`)}
                  </Descriptions.Item>
                </Descriptions>
              </List.Item>
            )}
          />
        )}
      </LoadState>
    );
  }

  return (
    <LoadState loaded={points}>
      {(rows) => (
        <Table<MeteringPointRow>
          rowKey="id"
          size="small"
          dataSource={rows}
          pagination={false}
          scroll={{ x: "max-content" }}
          locale={{ emptyText: t("common.empty") }}
          columns={[
            { title: t("meteringPoint.code"), dataIndex: "code" },
            {
              title: t("meteringPoint.installation"),
              dataIndex: "installation_number",
            },
            { title: t("meteringPoint.serial"), dataIndex: "meter_serial" },
            {
              title: t("meteringPoint.group"),
              key: "group",
              render: (_, row) => groupName(row),
            },
            {
              title: t("meteringPoint.tariff"),
              dataIndex: "tariff_type",
              render: (value: MeteringPointRow["tariff_type"]) =>
                t(`meteringPoint.${value}`),
            },
            {
              title: t("meteringPoint.power"),
              dataIndex: "connection_power_kw",
              align: "right",
              render: (value: MeteringPointRow["connection_power_kw"]) =>
                `${formatNumber(value, 2)} kW`,
            },
            {
              title: t("meteringPoint.reading"),
              dataIndex: "reading_method",
              render: (value: MeteringPointRow["reading_method"]) =>
                t(`meteringPoint.${value}`),
            },
            {
              title: t("meteringPoint.status"),
              dataIndex: "status",
              render: (value: string) => status(value),
            },
          ]}
        />
      )}
    </LoadState>
  );
}
