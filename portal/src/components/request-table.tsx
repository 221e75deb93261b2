import { Table, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { formatDateTime } from "../format.ts";
import { useLoad } from "../load.ts";
import { supabase } from "../supabase.ts";
import { LoadState } from "./load-state.tsx";

export type RequestStatus = "open" | "in_progress" | "resolved" | "closed";

type RequestRow = {
  id: string;
  kind: "request" | "complaint";
  category: string;
  subject: string;
  status: RequestStatus;
  created_at: string;
  parties: { name: string } | null;
};

export const STATUS_COLORS: Record<RequestStatus, string> = {
  open: "blue",
  in_progress: "orange",
  resolved: "green",
  closed: "default",
};

/** Lists requests and complaints of one party, or all the user may view. */
export function RequestTable({
  partyId,
  showParty,
}: {
  partyId?: string;
  showParty: boolean;
}) {
  const { t } = useTranslation();
  const requests = useLoad(() => {
    let query = supabase
      .from("service_requests")
      .select("id, kind, category, subject, status, created_at, parties(name)")
      .order("created_at", { ascending: false })
      .limit(200);
    if (partyId) {
      query = query.eq("party_id", partyId);
    }

    return query.returns<RequestRow[]>();
  }, [partyId]);

  return (
    <LoadState loaded={requests}>
      {(rows) => (
        <Table<RequestRow>
          rowKey="id"
          size="small"
          dataSource={rows}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: "max-content" }}
          locale={{ emptyText: t("common.empty") }}
          columns={[
            {
              title: t("requests.subject"),
              dataIndex: "subject",
              render: (subject: string, row) => (
                <Link to={`/requests/${row.id}`}>{subject}</Link>
              ),
            },
            {
              title: t("requests.kind"),
              dataIndex: "kind",
              render: (value: RequestRow["kind"]) => (
                <Tag color={value === "complaint" ? "red" : "geekblue"}>
                  {t(`requests.kinds.${value}`)}
                </Tag>
              ),
            },
            {
              title: t("requests.status"),
              dataIndex: "status",
              render: (value: RequestStatus) => (
                <Tag color={STATUS_COLORS[value]}>
                  {t(`requests.statuses.${value}`)}
                </Tag>
              ),
            },
            ...(showParty
              ? [
                  {
                    title: t("requests.party"),
                    key: "party",
                    render: (_: unknown, row: RequestRow) =>
                      row.parties?.name ?? "",
                  },
                ]
              : []),
            {
              title: t("requests.category"),
              dataIndex: "category",
              render: (value: string) => t(`requests.categories.${value}`),
            },
            {
              title: t("requests.openedAt"),
              dataIndex: "created_at",
              render: (value: string) => formatDateTime(value),
            },
          ]}
        />
      )}
    </LoadState>
  );
}
