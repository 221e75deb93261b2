// Upload of market data files (CSV or XLSX, EPİAŞ exports and the
// documented formats) for admins and managers. Each file goes to the private
// market-imports bucket and the import-market-file function imports it. A
// progress bar follows the function's job run (rows parsed and stored) until
// the function returns the report or the file, line and reason of an error.
import { usePermissions, useTranslate } from "@refinedev/core";
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Progress,
  Space,
  Typography,
  Upload,
} from "antd";
import { useCallback, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { env } from "../env.ts";
import { supabase } from "../supabase.ts";
import {
  type ImportReason,
  type ReplacedScope,
  reasonText,
  replacedText,
} from "./market-import-texts.ts";

const BUCKET = "market-imports";
const FUNCTION_NAME = "import-market-file";
const IMPORT_ROLES = ["admin", "manager"];
const POLL_INTERVAL_MS = 250;

type ImportReport = {
  file: string;
  format: string;
  table: string;
  rows: number;
  replaced: string;
  replaced_scope?: ReplacedScope;
  skipped: ({ line: number } & ImportReason)[];
};

type ImportFailure = { file: string; line: number | null } & ImportReason;

type FileImport = {
  id: string;
  name: string;
  stage: "uploading" | "importing" | "succeeded" | "failed";
  percent: number;
  parsedRows: number;
  storedRows: number;
  totalRows: number;
  reports: ImportReport[];
  failure: ImportFailure | null;
};

type JobRunProgress = {
  progress_done: number;
  progress_total: number | null;
  counts: { parsed_rows?: number; stored_rows?: number; total_rows?: number };
};

// Calls the function with the signed-in user's token. Returns the report
// or the import error; throws on any other failure.
async function callImport(
  path: string,
): Promise<{ reports: ImportReport[] } | { failure: ImportFailure }> {
  const { data } = await supabase.auth.getSession();
  const response = await fetch(
    `${env.SUPABASE_URL}/functions/v1/${FUNCTION_NAME}`,
    {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${data.session?.access_token ?? ""}`,
      },
      body: JSON.stringify({ path }),
    },
  );
  const body = (await response.json().catch(() => ({}))) as {
    reports?: ImportReport[];
    import_error?: ImportFailure;
    error?: string;
  };
  if (response.ok && body.reports) {
    return { reports: body.reports };
  }
  if (body.import_error) {
    return { failure: body.import_error };
  }

  throw new Error(body.error ?? `${FUNCTION_NAME} failed (${response.status})`);
}

function percentOf(run: JobRunProgress): number {
  if (!run.progress_total) {
    return 0;
  }

  return Math.floor((100 * run.progress_done) / run.progress_total);
}

function FileImportView({ item }: { item: FileImport }) {
  const translate = useTranslate();
  const { i18n } = useTranslation();
  const language = i18n.language;
  const status =
    item.stage === "failed"
      ? "exception"
      : item.stage === "succeeded"
        ? "success"
        : "active";

  return (
    <Card
      size="small"
      title={item.name}
      data-testid="market-import-file"
      style={{ marginBottom: 8 }}
    >
      <Typography.Text type="secondary">
        {translate(`market_import.stage.${item.stage}`)}
      </Typography.Text>
      <Progress
        percent={item.stage === "succeeded" ? 100 : item.percent}
        status={status}
        aria-label={translate("market_import.progress", { file: item.name })}
      />
      {item.totalRows > 0 && item.stage === "importing" ? (
        <Typography.Text>
          {translate("market_import.rows", {
            parsed: item.parsedRows,
            stored: item.storedRows,
            total: item.totalRows,
          })}
        </Typography.Text>
      ) : null}
      {item.failure ? (
        <Alert
          type="error"
          showIcon
          message={translate("market_import.failed")}
          description={
            item.failure.line === null
              ? translate("market_import.fileError", {
                  file: item.failure.file,
                  reason: reasonText(translate, language, item.failure),
                })
              : translate("market_import.lineError", {
                  file: item.failure.file,
                  line: item.failure.line,
                  reason: reasonText(translate, language, item.failure),
                })
          }
        />
      ) : null}
      {item.reports.map((report) => (
        <Descriptions
          key={`${report.table}-${report.format}`}
          size="small"
          column={1}
          bordered
          style={{ marginTop: 8 }}
          items={[
            {
              label: translate("market_import.format"),
              children: report.format,
            },
            {
              label: translate("market_import.table"),
              children: report.table,
            },
            {
              label: translate("market_import.rowCount"),
              children: report.rows,
            },
            {
              label: translate("market_import.replaced"),
              children: replacedText(
                translate,
                language,
                report.replaced,
                report.replaced_scope,
              ),
            },
            ...(report.skipped.length > 0
              ? [
                  {
                    label: translate("market_import.skipped"),
                    children: report.skipped
                      .map(
                        (skip) =>
                          `${skip.line}: ${reasonText(translate, language, skip)}`,
                      )
                      .join("; "),
                  },
                ]
              : []),
          ]}
        />
      ))}
    </Card>
  );
}

export function MarketImportCard({ onImported }: { onImported: () => void }) {
  const translate = useTranslate();
  const { data: role } = usePermissions<string | null>({});
  const [items, setItems] = useState<FileImport[]>([]);
  // Files import one after another, in the order they were chosen.
  const queue = useRef<Promise<void>>(Promise.resolve());

  const update = useCallback((id: string, change: Partial<FileImport>) => {
    setItems((current) =>
      current.map((item) => (item.id === id ? { ...item, ...change } : item)),
    );
  }, []);

  const importFile = useCallback(
    async (id: string, file: File) => {
      const path = `${id}/${file.name}`;
      const uploaded = await supabase.storage
        .from(BUCKET)
        .upload(path, file, { contentType: file.type || "text/csv" });
      if (uploaded.error) {
        update(id, {
          stage: "failed",
          failure: {
            file: file.name,
            line: null,
            reason: uploaded.error.message,
          },
        });

        return;
      }
      update(id, { stage: "importing" });

      let polling = true;
      const poll = async () => {
        while (polling) {
          const { data } = await supabase
            .from("job_runs")
            .select("progress_done,progress_total,counts")
            .eq("job_name", `${FUNCTION_NAME}:${path}`)
            .maybeSingle<JobRunProgress>();
          if (data && polling) {
            update(id, {
              percent: percentOf(data),
              parsedRows: data.counts.parsed_rows ?? 0,
              storedRows: data.counts.stored_rows ?? 0,
              totalRows: data.counts.total_rows ?? 0,
            });
          }
          await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
        }
      };
      const polled = poll();
      try {
        const result = await callImport(path);
        polling = false;
        await polled;
        if ("failure" in result) {
          update(id, { stage: "failed", failure: result.failure });
        } else {
          update(id, { stage: "succeeded", reports: result.reports });
          onImported();
        }
      } catch (error) {
        polling = false;
        await polled;
        update(id, {
          stage: "failed",
          failure: {
            file: file.name,
            line: null,
            reason: (error as Error).message,
          },
        });
      }
    },
    [onImported, update],
  );

  if (!IMPORT_ROLES.includes(role ?? "")) {
    return null;
  }

  return (
    <Card title={translate("market_import.title")} style={{ marginBottom: 16 }}>
      <Space direction="vertical" style={{ width: "100%" }}>
        <Typography.Text type="secondary">
          {translate("market_import.hint")}
        </Typography.Text>
        <Upload
          multiple
          accept=".csv,.xlsx"
          showUploadList={false}
          beforeUpload={(file) => {
            const id = crypto.randomUUID();
            setItems((current) => [
              {
                id,
                name: file.name,
                stage: "uploading",
                percent: 0,
                parsedRows: 0,
                storedRows: 0,
                totalRows: 0,
                reports: [],
                failure: null,
              },
              ...current,
            ]);
            queue.current = queue.current.then(() => importFile(id, file));

            // The function imports the file, so antd sends nothing itself.
            return false;
          }}
        >
          <Button type="primary">{translate("market_import.choose")}</Button>
        </Upload>
        {items.map((item) => (
          <FileImportView key={item.id} item={item} />
        ))}
      </Space>
    </Card>
  );
}
