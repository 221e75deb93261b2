import { List, useTable } from "@refinedev/antd";
import { useTranslate } from "@refinedev/core";
import { Table } from "antd";

export function SubscriberGroupListPage() {
  const translate = useTranslate();
  const { tableProps } = useTable({
    resource: "subscriber_groups",
    sorters: { initial: [{ field: "sort_order", order: "asc" }] },
  });
  const field = (name: string) => translate(`subscriber_groups.fields.${name}`);

  return (
    <List>
      <Table {...tableProps} rowKey="code">
        <Table.Column dataIndex="code" title={field("code")} />
        <Table.Column dataIndex="name_tr" title={field("name_tr")} />
        <Table.Column dataIndex="name_en" title={field("name_en")} />
      </Table>
    </List>
  );
}
