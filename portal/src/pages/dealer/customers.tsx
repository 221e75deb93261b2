// The dealer's leads and customers: those of its own dealer and of every
// dealer below it, as row-level security returns them.
import { Card, Input, Segmented, Table, Tag } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { turkishSearchPattern } from "../../../../shared/turkish.ts";
import { LoadState } from "../../components/load-state.tsx";
import { formatNumber } from "../../format.ts";
import { useLoad } from "../../load.ts";
import { supabase } from "../../supabase.ts";

type Lifecycle = "lead" | "customer" | "former_customer";

export type PartyRow = {
  id: string;
  name: string;
  customer_code: string;
  lifecycle: Lifecycle;
  estimated_yearly_consumption_kwh: number | string | null;
  dealers: { name: string } | null;
};

export function CustomersPage() {
  const { t } = useTranslation();
  const [lifecycle, setLifecycle] = useState<Lifecycle | "all">("all");
  const [search, setSearch] = useState("");
  const parties = useLoad(() => {
    let query = supabase
      .from("parties")
      .select(
        "id, name, customer_code, lifecycle, estimated_yearly_consumption_kwh, dealers!parties_owner_dealer_id_fkey(name)",
      )
      .order("name")
      .limit(500);
    if (lifecycle !== "all") {
      query = query.eq("lifecycle", lifecycle);
    }
    if (search.trim()) {
      query = query.ilike("search_text", turkishSearchPattern(search));
    }

    return query.returns<PartyRow[]>();
  }, [lifecycle, search]);

  return (
    <Card title={t("customers.title")}>
      <div
        style={{ display: "flex", gap: 8, flexWrap: "wrap", marginBottom: 12 }}
      >
        <Segmented
          value={lifecycle}
          onChange={(value) => setLifecycle(value as Lifecycle | "all")}
          options={[
            { value: "all", label: t("customers.all") },
            { value: "lead", label: t("lifecycle.lead") },
            { value: "customer", label: t("lifecycle.customer") },
          ]}
        />
        <Input.Search
          allowClear
          placeholder={t("customers.search")}
          aria-label={t("customers.search")}
          onSearch={setSearch}
          style={{ maxWidth: 280 }}
        />
      </div>
      <LoadState loaded={parties}>
        {(rows) => (
          <Table<PartyRow>
            rowKey="id"
            size="small"
            dataSource={rows}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: "max-content" }}
            locale={{ emptyText: t("common.empty") }}
            columns={[
              {
                title: t("customers.name"),
                dataIndex: "name",
                render: (name: string, row) => (
                  <Link to={`/customers/${row.id}`}>{name}</Link>
                ),
              },
              {
                title: t("customers.lifecycle"),
                dataIndex: "lifecycle",
                render: (value: Lifecycle) => (
                  <Tag color={value === "customer" ? "green" : "blue"}>
                    {t(`lifecycle.${value}`)}
                  </Tag>
                ),
              },
              {
                title: t("customers.dealer"),
                key: "dealer",
                render: (_, row) => row.dealers?.name ?? "",
              },
              { title: t("customers.code"), dataIndex: "customer_code" },
              {
                title: t("customers.consumption"),
                dataIndex: "estimated_yearly_consumption_kwh",
                align: "right",
                render: (
                  value: PartyRow["estimated_yearly_consumption_kwh"],
                ) => (value === null ? "" : `${formatNumber(value)} kWh`),
              },
            ]}
          />
        )}
      </LoadState>
    </Card>
  );
}
