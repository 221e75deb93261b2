import { EditButton, Show } from "@refinedev/antd";
import {
  type BaseRecord,
  useCan,
  useList,
  useResourceParams,
  useShow,
} from "@refinedev/core";
import { Alert, Card, Descriptions, Table } from "antd";
import { Link } from "react-router";
import { findResource } from "../../catalogue/resources.ts";
import type {
  RelatedList,
  ResourceDescription,
} from "../../catalogue/types.ts";
import { ErrorDescription } from "../../errors/error-description.tsx";
import { ContractDocumentButton } from "../../pages/contract-document.tsx";
import { OfferActions } from "../../pages/offer-actions.tsx";
import { OfferBuilderButton } from "../../pages/offer-builder-button.tsx";
import { ValueCell } from "./list.tsx";
import {
  buildSelect,
  compositeKeyFilters,
  idFieldOf,
  recordKeyOf,
} from "./select.ts";
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
          description={<ErrorDescription message={query.error?.message} />}
        />
      ) : (
        <Table
          size="small"
          rowKey={(row) => recordKeyOf(description, row)}
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
                  to={`${description.route}/show/${encodeURIComponent(recordKeyOf(description, row))}`}
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

type LoadedRecord = {
  query: {
    isLoading: boolean;
    isError: boolean;
    error?: { message: string } | null;
  };
  record: Row | undefined;
  // The request succeeded but no record (or, for a composite key, not
  // exactly one) matches the key in the route.
  notFound: boolean;
};

// Loads the record named by the route: by its key column through useShow,
// or for a composite key by a list query filtered on every key column,
// because the data provider's getOne matches one column only.
function useRecord(description: ResourceDescription): LoadedRecord {
  const { id } = useResourceParams();
  const keyFields = description.keyFields;
  const filters = keyFields
    ? compositeKeyFilters(keyFields, String(id ?? ""))
    : null;
  const select = buildSelect(description);
  const { query: showQuery } = useShow<Row>({
    resource: description.name,
    meta: { select, idColumnName: idFieldOf(description) },
    queryOptions: { enabled: !keyFields },
  });
  const { result, query: listQuery } = useList<BaseRecord>({
    resource: description.name,
    filters: filters ?? [],
    pagination: { currentPage: 1, pageSize: 2 },
    meta: { select },
    queryOptions: { enabled: Boolean(keyFields && filters) },
  });

  if (!keyFields) {
    const record = showQuery.data?.data;

    return {
      query: showQuery,
      record,
      notFound: showQuery.isSuccess && !record,
    };
  }
  const rows = (result?.data ?? []) as Row[];
  const found = rows.length === 1 ? rows[0] : undefined;

  return {
    query: listQuery,
    record: found,
    notFound: !filters || (listQuery.isSuccess && !found),
  };
}

export function ResourceShowPage({
  description,
}: {
  description: ResourceDescription;
}) {
  const labels = useLabels();
  const idField = idFieldOf(description);
  const loaded = useRecord(description);
  const { query, record } = loaded;
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
          {description.name === "contracts" && record ? (
            <ContractDocumentButton
              contractId={String(record[idField])}
              contractNumber={String(record.contract_number ?? "")}
            />
          ) : null}
          {description.access.edit && record ? (
            <EditButton
              resource={description.name}
              recordItemId={recordKeyOf(description, record)}
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
          description={<ErrorDescription message={query.error?.message} />}
        />
      ) : null}
      {loaded.notFound ? (
        <Alert type="warning" showIcon message={labels.t("show.notFound")} />
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
