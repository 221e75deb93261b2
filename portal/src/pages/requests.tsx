// Requests and complaints: the list, the form to open one and the page of
// one request with its message thread. Dealers see those of every party they
// may view; customers see their own.
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  List,
  Result,
  Select,
  Tag,
  Typography,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { filterOptionByTurkishLabel } from "../../../shared/turkish.ts";
import { ErrorAlert } from "../components/error-alert.tsx";
import { LoadState } from "../components/load-state.tsx";
import {
  type RequestStatus,
  RequestTable,
  STATUS_COLORS,
} from "../components/request-table.tsx";
import { describeFailure, type PortalError } from "../errors.ts";
import { formatDateTime } from "../format.ts";
import { usePortalRole } from "../layout.tsx";
import { isUuid, useLoad } from "../load.ts";
import { supabase } from "../supabase.ts";

const KINDS = ["request", "complaint"] as const;
const CATEGORIES = [
  "billing",
  "metering",
  "outage",
  "contract",
  "offer",
  "other",
] as const;

export function RequestsPage() {
  const { t } = useTranslation();
  const role = usePortalRole();

  return (
    <Card
      title={t("requests.title")}
      extra={
        <Link to="/requests/new">
          <Button type="primary">{t("requests.new")}</Button>
        </Link>
      }
    >
      <RequestTable showParty={role === "dealer_user"} />
    </Card>
  );
}

type NewRequest = {
  party_id: string;
  metering_point_id?: string;
  kind: (typeof KINDS)[number];
  category: (typeof CATEGORIES)[number];
  subject: string;
  description: string;
};

export function NewRequestPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const [form] = Form.useForm<NewRequest>();
  const partyId = Form.useWatch("party_id", form);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<PortalError | null>(null);
  // Row-level security limits both lists: a customer gets its own party.
  const parties = useLoad(
    () =>
      supabase
        .from("parties")
        .select("id, name")
        .order("name")
        .limit(500)
        .returns<Array<{ id: string; name: string }>>(),
    [],
  );
  const points = useLoad(
    () =>
      isUuid(partyId)
        ? supabase
            .from("metering_points")
            .select("id, code")
            .eq("party_id", partyId)
            .order("code")
            .returns<Array<{ id: string; code: string }>>()
        : Promise.resolve({ data: [], error: null }),
    [partyId],
  );
  const preset = searchParams.get("party");
  const only = parties.data?.length === 1 ? parties.data[0]?.id : undefined;
  const initialParty = isUuid(preset ?? undefined) ? preset : only;

  const submit = async (values: NewRequest) => {
    setSaving(true);
    setError(null);
    const { data, error: insertError } = await supabase
      .from("service_requests")
      .insert({
        party_id: values.party_id,
        metering_point_id: values.metering_point_id ?? null,
        kind: values.kind,
        category: values.category,
        subject: values.subject.trim(),
        description: values.description.trim(),
      })
      .select("id")
      .single();
    setSaving(false);
    if (insertError || !data) {
      setError(
        describeFailure(
          (message) => t("common.saveFailed", { message }),
          insertError ?? "The insert returned no row",
          "request",
        ),
      );

      return;
    }
    message.success(t("requests.created"));
    void navigate(`/requests/${data.id}`);
  };

  const required = [{ required: true, message: t("requests.required") }];

  return (
    <Card title={t("requests.new")}>
      {error && <ErrorAlert error={error} style={{ marginBottom: 12 }} />}
      <LoadState loaded={parties}>
        {(rows) => (
          <Form<NewRequest>
            form={form}
            layout="vertical"
            onFinish={submit}
            initialValues={{
              kind: "request",
              category: "billing",
              party_id: initialParty ?? undefined,
            }}
            style={{ maxWidth: 640 }}
          >
            <Form.Item
              name="party_id"
              label={t("requests.party")}
              rules={required}
            >
              <Select
                showSearch
                filterOption={filterOptionByTurkishLabel}
                options={rows.map((row) => ({
                  value: row.id,
                  label: row.name,
                }))}
              />
            </Form.Item>
            <Form.Item
              name="metering_point_id"
              label={t("requests.meteringPoint")}
            >
              <Select
                allowClear
                options={(points.data ?? []).map((row) => ({
                  value: row.id,
                  label: row.code,
                }))}
              />
            </Form.Item>
            <Form.Item name="kind" label={t("requests.kind")} rules={required}>
              <Select
                options={KINDS.map((value) => ({
                  value,
                  label: t(`requests.kinds.${value}`),
                }))}
              />
            </Form.Item>
            <Form.Item
              name="category"
              label={t("requests.category")}
              rules={required}
            >
              <Select
                options={CATEGORIES.map((value) => ({
                  value,
                  label: t(`requests.categories.${value}`),
                }))}
              />
            </Form.Item>
            <Form.Item
              name="subject"
              label={t("requests.subject")}
              rules={[...required, { max: 200 }, { whitespace: true }]}
            >
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item
              name="description"
              label={t("requests.description")}
              rules={[...required, { max: 5000 }, { whitespace: true }]}
            >
              <Input.TextArea rows={5} maxLength={5000} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={saving}>
              {t("requests.submit")}
            </Button>
          </Form>
        )}
      </LoadState>
    </Card>
  );
}

type RequestDetail = {
  id: string;
  kind: "request" | "complaint";
  category: string;
  subject: string;
  description: string;
  status: RequestStatus;
  created_at: string;
  resolved_at: string | null;
  parties: { id: string; name: string } | null;
  metering_points: { code: string } | null;
};

type Message = {
  id: string;
  body: string;
  author_kind: "staff" | "dealer" | "customer";
  created_at: string;
};

export function RequestDetailPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const request = useLoad(
    () =>
      isUuid(id)
        ? supabase
            .from("service_requests")
            .select(
              "id, kind, category, subject, description, status, created_at, resolved_at, parties(id, name), metering_points(code)",
            )
            .eq("id", id)
            .maybeSingle<RequestDetail>()
        : Promise.resolve({ data: null, error: null }),
    [id],
  );

  if (!request.loading && !request.error && !request.data) {
    return <Result status="404" title={t("requests.notFound")} />;
  }

  return (
    <LoadState loaded={request}>
      {(row) => (
        <Card
          title={
            <span style={{ whiteSpace: "normal" }}>
              <Tag color={row.kind === "complaint" ? "red" : "geekblue"}>
                {t(`requests.kinds.${row.kind}`)}
              </Tag>
              {row.subject}
            </span>
          }
        >
          <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
            <Descriptions.Item label={t("requests.status")}>
              <Tag color={STATUS_COLORS[row.status]}>
                {t(`requests.statuses.${row.status}`)}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t("requests.category")}>
              {t(`requests.categories.${row.category}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t("requests.party")}>
              {row.parties?.name}
            </Descriptions.Item>
            <Descriptions.Item label={t("requests.openedAt")}>
              {formatDateTime(row.created_at)}
            </Descriptions.Item>
            {row.metering_points && (
              <Descriptions.Item label={t("requests.meteringPoint")}>
                {row.metering_points.code}
              </Descriptions.Item>
            )}
          </Descriptions>
          <Typography.Paragraph style={{ whiteSpace: "pre-wrap" }}>
            {row.description}
          </Typography.Paragraph>
          <RequestThread requestId={row.id} />
        </Card>
      )}
    </LoadState>
  );
}

function RequestThread({ requestId }: { requestId: string }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ body: string }>();
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<PortalError | null>(null);
  const messages = useLoad(
    () =>
      supabase
        .from("service_request_messages")
        .select("id, body, author_kind, created_at")
        .eq("service_request_id", requestId)
        .order("created_at")
        .returns<Message[]>(),
    [requestId],
  );

  // The database sets author_kind from the signed-in account.
  const send = async ({ body }: { body: string }) => {
    setSending(true);
    setError(null);
    const { error: insertError } = await supabase
      .from("service_request_messages")
      .insert({
        service_request_id: requestId,
        body: body.trim(),
      });
    setSending(false);
    if (insertError) {
      setError(
        describeFailure(
          (message) => t("common.saveFailed", { message }),
          insertError,
          "request",
        ),
      );

      return;
    }
    form.resetFields();
    messages.reload();
  };

  return (
    <>
      <Typography.Title level={5}>{t("requests.thread")}</Typography.Title>
      <LoadState loaded={messages}>
        {(rows) => (
          <List
            size="small"
            dataSource={rows}
            locale={{ emptyText: t("common.empty") }}
            renderItem={(item) => (
              <List.Item>
                <List.Item.Meta
                  title={`${t(`requests.authors.${item.author_kind}`)} · ${formatDateTime(item.created_at)}`}
                  description={
                    <span style={{ whiteSpace: "pre-wrap" }}>{item.body}</span>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </LoadState>
      {error && <ErrorAlert error={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={send}>
        <Form.Item
          name="body"
          label={t("requests.reply")}
          rules={[
            { required: true, message: t("requests.required") },
            { whitespace: true, message: t("requests.required") },
          ]}
        >
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
        <Button htmlType="submit" loading={sending}>
          {t("requests.send")}
        </Button>
      </Form>
    </>
  );
}
