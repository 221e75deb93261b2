// One lead or customer of the dealer's tree: identity, contacts, metering
// points, documents and requests. A party the dealer may not view returns
// no row from the API, so the page shows not found.
import {
  Button,
  Card,
  Descriptions,
  Result,
  Space,
  Table,
  Tabs,
  Tag,
} from "antd";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { formatTurkishPhone } from "../../../../shared/phone.ts";
import { LoadState } from "../../components/load-state.tsx";
import { MeteringPointTable } from "../../components/metering-points.tsx";
import { PartyDocuments } from "../../components/party-documents.tsx";
import { RequestTable } from "../../components/request-table.tsx";
import { formatNumber } from "../../format.ts";
import { isUuid, useLoad } from "../../load.ts";
import { supabase } from "../../supabase.ts";

type PartyDetail = {
  id: string;
  name: string;
  kind: "company" | "person";
  vkn: string | null;
  tckn: string | null;
  customer_code: string;
  lifecycle: "lead" | "customer" | "former_customer";
  email: string | null;
  phone: string | null;
  billing_address: string | null;
  estimated_yearly_consumption_kwh: number | string | null;
  distribution_regions: { name: string } | null;
  dealers: { name: string } | null;
  party_contacts: Array<{
    id: string;
    full_name: string;
    title: string | null;
    email: string | null;
    phone: string | null;
  }>;
};

export function PartyDetailPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const party = useLoad(
    () =>
      isUuid(id)
        ? supabase
            .from("parties")
            .select(
              "id, name, kind, vkn, tckn, customer_code, lifecycle, email, phone, billing_address, estimated_yearly_consumption_kwh, distribution_regions!parties_distribution_region_code_fkey(name), dealers!parties_owner_dealer_id_fkey(name), party_contacts(id, full_name, title, email, phone)",
            )
            .eq("id", id)
            .maybeSingle<PartyDetail>()
        : Promise.resolve({ data: null, error: null }),
    [id],
  );

  if (!party.loading && !party.error && !party.data) {
    return (
      <Result
        status="404"
        title={t("party.notFound")}
        subTitle={t("party.notFoundDetail")}
        extra={
          <Link to="/customers">
            <Button>{t("common.back")}</Button>
          </Link>
        }
      />
    );
  }

  return (
    <LoadState loaded={party}>
      {(row) => (
        <Space direction="vertical" style={{ width: "100%" }}>
          <Card
            title={<span style={{ whiteSpace: "normal" }}>{row.name}</span>}
            extra={<Tag>{t(`lifecycle.${row.lifecycle}`)}</Tag>}
          >
            <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
              <Descriptions.Item label={t("customers.code")}>
                {row.customer_code}
              </Descriptions.Item>
              <Descriptions.Item label={t("party.taxId")}>
                {row.vkn ?? row.tckn}
              </Descriptions.Item>
              <Descriptions.Item label={t("customers.dealer")}>
                {row.dealers?.name}
              </Descriptions.Item>
              <Descriptions.Item label={t("party.region")}>
                {row.distribution_regions?.name}
              </Descriptions.Item>
              <Descriptions.Item label={t("party.email")}>
                {row.email}
              </Descriptions.Item>
              <Descriptions.Item label={t("party.phone")}>
                {row.phone ? formatTurkishPhone(row.phone) : null}
              </Descriptions.Item>
              <Descriptions.Item label={t("party.address")}>
                {row.billing_address}
              </Descriptions.Item>
              <Descriptions.Item label={t("customers.consumption")}>
                {row.estimated_yearly_consumption_kwh === null
                  ? ""
                  : `${formatNumber(row.estimated_yearly_consumption_kwh)} kWh`}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card>
            <Tabs
              items={[
                {
                  key: "contacts",
                  label: t("party.contacts"),
                  children: (
                    <Table
                      rowKey="id"
                      size="small"
                      dataSource={row.party_contacts}
                      pagination={false}
                      scroll={{ x: "max-content" }}
                      locale={{ emptyText: t("common.empty") }}
                      columns={[
                        {
                          title: t("party.contactName"),
                          dataIndex: "full_name",
                        },
                        { title: t("party.contactTitle"), dataIndex: "title" },
                        { title: t("party.email"), dataIndex: "email" },
                        {
                          title: t("party.phone"),
                          dataIndex: "phone",
                          render: (phone: string | null) =>
                            phone ? formatTurkishPhone(phone) : null,
                        },
                      ]}
                    />
                  ),
                },
                {
                  key: "metering-points",
                  label: t("party.meteringPoints"),
                  children: <MeteringPointTable partyId={row.id} />,
                },
                {
                  key: "documents",
                  label: t("party.documents"),
                  children: <PartyDocuments partyId={row.id} />,
                },
                {
                  key: "requests",
                  label: t("party.requests"),
                  children: (
                    <>
                      <Link to={`/requests/new?party=${row.id}`}>
                        <Button style={{ marginBottom: 12 }}>
                          {t("party.newRequest")}
                        </Button>
                      </Link>
                      <RequestTable partyId={row.id} showParty={false} />
                    </>
                  ),
                },
              ]}
            />
          </Card>
        </Space>
      )}
    </LoadState>
  );
}
