// A party's documents: the list with downloads, and an upload form. The
// file goes to the private bucket under <party_id>/<document_code>/ first,
// then a party_documents row records it; storage and table policies both
// check that the user may view the party.
import { App, Button, Form, Select, Table, Upload } from "antd";
import type { UploadFile } from "antd/es/upload/interface";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { describeFailure } from "../errors.ts";
import { formatDateTime } from "../format.ts";
import { useLoad } from "../load.ts";
import { supabase } from "../supabase.ts";
import { ErrorDescription } from "./error-alert.tsx";
import { LoadState } from "./load-state.tsx";

export const DOCUMENT_BUCKET = "party-documents";

const DOCUMENT_CODES = [
  "tax_plate",
  "trade_registry_gazette",
  "signature_circular",
  "invoice",
  "other",
] as const;

type DocumentCode = (typeof DOCUMENT_CODES)[number];

type DocumentRow = {
  id: string;
  document_code: DocumentCode;
  storage_path: string;
  file_name: string;
  uploaded_at: string;
};

// Keeps letters, digits, dots, dashes and underscores of a file name, so
// that the storage key is valid everywhere.
function storageFileName(name: string): string {
  const cleaned = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ı/g, "i")
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/^[.-]+/, "");

  return cleaned.slice(-120) || "belge";
}

export function PartyDocuments({ partyId }: { partyId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [code, setCode] = useState<DocumentCode>("tax_plate");
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [uploading, setUploading] = useState(false);
  const documents = useLoad(
    () =>
      supabase
        .from("party_documents")
        .select("id, document_code, storage_path, file_name, uploaded_at")
        .eq("party_id", partyId)
        .order("uploaded_at", { ascending: false })
        .returns<DocumentRow[]>(),
    [partyId],
  );

  const upload = async () => {
    const file = files[0]?.originFileObj;
    if (!file) {
      return;
    }
    setUploading(true);
    const path = `${partyId}/${code}/${Date.now()}-${storageFileName(file.name)}`;
    const stored = await supabase.storage
      .from(DOCUMENT_BUCKET)
      .upload(path, file, { contentType: file.type || undefined });
    const recorded = stored.error
      ? stored
      : await supabase.from("party_documents").insert({
          party_id: partyId,
          document_code: code,
          storage_path: path,
          file_name: file.name,
        });
    setUploading(false);
    if (recorded.error) {
      message.error(
        <ErrorDescription
          error={describeFailure(
            (text) => t("documents.uploadFailed", { message: text }),
            recorded.error,
            "record document",
          )}
        />,
      );

      return;
    }
    message.success(t("documents.uploaded", { name: file.name }));
    setFiles([]);
    documents.reload();
  };

  const download = async (row: DocumentRow) => {
    const { data, error } = await supabase.storage
      .from(DOCUMENT_BUCKET)
      .download(row.storage_path);
    if (error || !data) {
      message.error(
        <ErrorDescription
          error={describeFailure(
            (text) => t("documents.downloadFailed", { message: text }),
            error ?? "The download returned no file",
            "download document",
          )}
        />,
      );

      return;
    }
    const url = URL.createObjectURL(data);
    const link = document.createElement("a");
    link.href = url;
    link.download = row.file_name;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  return (
    <>
      <LoadState loaded={documents}>
        {(rows) => (
          <Table<DocumentRow>
            rowKey="id"
            size="small"
            dataSource={rows}
            pagination={false}
            scroll={{ x: "max-content" }}
            locale={{ emptyText: t("common.empty") }}
            columns={[
              {
                title: t("documents.code"),
                dataIndex: "document_code",
                render: (value: DocumentCode) => t(`documents.codes.${value}`),
              },
              { title: t("documents.file"), dataIndex: "file_name" },
              {
                title: t("documents.uploadedAt"),
                dataIndex: "uploaded_at",
                render: (value: string) => formatDateTime(value),
              },
              {
                key: "download",
                render: (_, row) => (
                  <Button size="small" onClick={() => void download(row)}>
                    {t("documents.download")}
                  </Button>
                ),
              },
            ]}
          />
        )}
      </LoadState>
      <Form layout="vertical" style={{ marginTop: 16 }} onFinish={upload}>
        <Form.Item label={t("documents.code")}>
          <Select<DocumentCode>
            aria-label={t("documents.code")}
            value={code}
            onChange={setCode}
            options={DOCUMENT_CODES.map((value) => ({
              value,
              label: t(`documents.codes.${value}`),
            }))}
            style={{ maxWidth: 320 }}
          />
        </Form.Item>
        <Form.Item>
          <Upload
            accept="application/pdf,image/jpeg,image/png"
            maxCount={1}
            fileList={files}
            beforeUpload={() => false}
            onChange={({ fileList }) => setFiles(fileList.slice(-1))}
          >
            <Button>{t("documents.choose")}</Button>
          </Upload>
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          loading={uploading}
          disabled={files.length === 0}
        >
          {t("documents.upload")}
        </Button>
      </Form>
    </>
  );
}
