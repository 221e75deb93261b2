import { EditButton, Show } from "@refinedev/antd";
import { useCan, useList, useShow } from "@refinedev/core";
import { Alert, Card, Descriptions, Table } from "antd";
import { Link } from "react-router";
import { findResource } from "../../catalogue/resources.ts";
import type {
  RelatedList,
  ResourceDescription,
} from "../../catalogue/types.ts";
import { OfferActions } from "../../pages/offer-actions.tsx";
import { OfferBuilderButton } from "../../pages/offer-builder-button.tsx";
import { ValueCell } from "./list.tsx";
import { buildSelect, idFieldOf } from "./select.ts";
import { type Labels, useLabels } from "./use-labels.ts";

type Row = Record<string, unknown>;

const RELATED_PAGE_SIZE = 10;

function RelatedRecords({
  related,
  parentId,
  labels,
}: {
  related: RelatedList;
  parentId: string;
  labels: Labels;
}) {
  const description = findResource(related.resource);
  const { data: access } = useCan({
    resource: related.resource,
    action: "list",
  });
  const { result, query } = useList<Row>({
    resource: related.resource,
    filters: [{ field: related.foreignKey, operator: "eq", value: parentId }],
    pagination: { currentPage: 1, pageSize: RELATED_PAGE_SIZE },
    sorters: description ? [description.defaultSort] : [],
    meta: description ? { select: buildSelect(description) } : undefined,
    queryOptions: { enabled: Boolean(description) && access?.can === true },
  });
  if (!description || !access?.can) {
    return null;
  }
  const idField = idFieldOf(description);
  const fields = description.fields
    .filter((field) => field.list && field.name !== related.foreignKey)
    .slice(0, 5);
  const total = result?.total ?? 0;

  return (
    <Card
      size="small"
      title={`${labels.label(related.label)} (${total})`}
      style={{ marginTop: 16 }}
      extra={
        total > RELATED_PAGE_SIZE ? (
          <Link to={description.route}>{labels.t("show.allRelated")}</Link>
        ) : null
      }
    >
      {query.isError ? (
        <Alert
          type="error"
          showIcon
          message={labels.t("list.loadError")}
          description={query.error?.message}
        />
      ) : (
        <Table
          size="small"
          rowKey={idField}
          loading={query.isLoading}
          dataSource={result?.data ?? []}
          pagination={false}
          columns={[
            ...fields.map((field) => ({
              key: field.name,
              title: labels.label(field.label),
              render: (_: unknown, row: Row) => (
                <ValueCell field={field} row={row} labels={labels} />
              ),
            })),
            {
              key: "open",
              title: "",
              render: (_: unknown, row: Row) => (
                <Link
                  to={`${description.route}/show/${encodeURIComponent(String(row[idField]))}`}
                >
                  {labels.t("buttons.show")}
                </Link>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}

export function ResourceShowPage({
  description,
}: {
  description: ResourceDescription;
}) {
  const labels = useLabels();
  const idField = idFieldOf(description);
  const { query } = useShow<Row>({
    resource: description.name,
    meta: { select: buildSelect(description), idColumnName: idField },
  });
  const record = query.data?.data;
  const title = record
    ? `${labels.label(description.singular)}: ${String(record[description.titleField] ?? "")}`
    : labels.label(description.singular);

  return (
    <Show
      title={title}
      isLoading={query.isLoading}
      headerButtons={
        <>
          {description.name === "parties" && record ? (
            <OfferBuilderButton partyId={String(record[idField])} />
          ) : null}
          {description.access.edit && record ? (
            <EditButton
              resource={description.name}
              recordItemId={String(record[idField])}
            />
          ) : null}
        </>
      }
    >
      {query.isError ? (
        <Alert
          type="error"
          showIcon
          message={labels.t("show.loadError")}
          description={query.error?.message}
        />
      ) : null}
      {record ? (
        <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
          {description.fields.map((field) => (
            <Descriptions.Item
              key={field.name}
              label={labels.label(field.label)}
            >
              {field.kind === "json" ? (
                <pre style={{ margin: 0, whiteSpace: "pre-wrap" }}>
                  {JSON.stringify(record[field.name], null, 2)}
                </pre>
              ) : (
                <ValueCell field={field} row={record} labels={labels} />
              )}
            </Descriptions.Item>
          ))}
        </Descriptions>
      ) : null}
      {description.name === "offers" && record ? (
        <OfferActions offerId={String(record[idField])} />
      ) : null}
      {record
        ? (description.related ?? []).map((related) => (
            <RelatedRecords
              key={`${related.resource}.${related.foreignKey}`}
              related={related}
              parentId={String(record[idField])}
              labels={labels}
            />
          ))
        : null}
    </Show>
  );
}
