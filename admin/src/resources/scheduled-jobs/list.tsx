// The scheduled job list: the catalogue's columns, the next run in Istanbul
// time, and for admins a "Run now" button per job. Run now calls
// public.run_scheduled_job_now, which records the run in job_runs. The
// page then follows that run until it finishes and links to it.
import { EditButton, List, ShowButton, useTable } from "@refinedev/antd";
import { type CrudSort, useCan, usePermissions } from "@refinedev/core";
import { Alert, Button, Popconfirm, Space, Table } from "antd";
import { useEffect, useState } from "react";
import { Link } from "react-router";
import type { ResourceDescription } from "../../catalogue/types.ts";
import { formatDateTime } from "../../format/values.ts";
import { supabase } from "../../supabase.ts";
import { ValueCell } from "../generic/list.tsx";
import { buildSelect } from "../generic/select.ts";
import { useLabels } from "../generic/use-labels.ts";
import { nextRunAt } from "./next-run.ts";

type Row = Record<string, unknown>;

type StartedRun = {
  job_run_id: string;
  job_name: string;
  status: string;
  error: string | null;
};

const RUN_POLL_INTERVAL_MS = 1000;

// Starts a job now and returns its run. Throws with the database's message.
async function runJobNow(jobName: string): Promise<StartedRun> {
  const { data, error } = await supabase.rpc("run_scheduled_job_now", {
    p_job_name: jobName,
  });
  if (error) {
    throw new Error(error.message);
  }

  return data as StartedRun;
}

// Reloads a run every second while it is running.
function useFollowedRun(started: StartedRun | null): StartedRun | null {
  const [run, setRun] = useState<StartedRun | null>(started);

  useEffect(() => {
    setRun(started);
    if (!started || started.status !== "running") {
      return;
    }

    const timer = setInterval(async () => {
      const { data } = await supabase
        .from("job_runs")
        .select("job_run_id, job_name, status, error")
        .eq("job_run_id", started.job_run_id)
        .maybeSingle();
      if (data) {
        setRun(data as StartedRun);
        if (data.status !== "running") {
          clearInterval(timer);
        }
      }
    }, RUN_POLL_INTERVAL_MS);

    return () => clearInterval(timer);
  }, [started]);

  return run;
}

function alertType(status: string): "info" | "success" | "warning" | "error" {
  if (status === "succeeded") {
    return "success";
  }
  if (status === "running") {
    return "info";
  }

  return status === "skipped" ? "warning" : "error";
}

export function ScheduledJobListPage({
  description,
}: {
  description: ResourceDescription;
}) {
  const labels = useLabels();
  const { label, t, translate } = labels;
  const { tableProps } = useTable<Row>({
    resource: description.name,
    meta: { select: buildSelect(description), idColumnName: "name" },
    sorters: { initial: [description.defaultSort as CrudSort] },
    pagination: { pageSize: 20 },
    syncWithLocation: true,
  });
  const { data: role } = usePermissions<string | null>({});
  const { data: canEdit } = useCan({
    resource: description.name,
    action: "edit",
  });
  const [starting, setStarting] = useState<string | null>(null);
  const [started, setStarted] = useState<StartedRun | null>(null);
  const [failure, setFailure] = useState<{
    job: string;
    message: string;
  } | null>(null);
  const run = useFollowedRun(started);
  const now = new Date();

  const start = async (jobName: string) => {
    setStarting(jobName);
    setFailure(null);
    try {
      setStarted(await runJobNow(jobName));
    } catch (error) {
      setStarted(null);
      setFailure({ job: jobName, message: (error as Error).message });
    } finally {
      setStarting(null);
    }
  };

  const listFields = description.fields.filter((field) => field.list);

  return (
    <List title={label(description.label)}>
      {run ? (
        <Alert
          type={alertType(run.status)}
          showIcon
          style={{ marginBottom: 16 }}
          message={t("scheduledJobs.started", {
            job: run.job_name,
            status: translate(`enums.${run.status}`, run.status),
          })}
          description={
            <Space direction="vertical">
              {run.error ? <span>{run.error}</span> : null}
              <Link to={`/job-runs/show/${run.job_run_id}`}>
                {t("scheduledJobs.openRun")}
              </Link>
            </Space>
          }
        />
      ) : null}
      {failure ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          message={t("scheduledJobs.runNowFailed", { job: failure.job })}
          description={failure.message}
        />
      ) : null}
      <Table
        {...tableProps}
        rowKey={(row) => String(row.name)}
        scroll={{ x: true }}
      >
        {listFields.map((field) => (
          <Table.Column<Row>
            key={field.name}
            dataIndex={field.name}
            title={label(field.label)}
            sorter={field.sortable ? { multiple: 1 } : undefined}
            render={(_, row) => (
              <ValueCell field={field} row={row} labels={labels} />
            )}
          />
        ))}
        <Table.Column<Row>
          key="next_run"
          title={t("scheduledJobs.nextRun")}
          render={(_, row) => {
            const next = row.enabled
              ? nextRunAt(String(row.cron_expression), now)
              : null;

            return next
              ? formatDateTime(next.toISOString())
              : t("scheduledJobs.noNextRun");
          }}
        />
        <Table.Column<Row>
          key="actions"
          title={t("table.actions")}
          render={(_, row) => {
            const name = String(row.name);

            return (
              <Space>
                <ShowButton
                  hideText
                  size="small"
                  resource={description.name}
                  recordItemId={name}
                />
                {canEdit?.can ? (
                  <EditButton
                    hideText
                    size="small"
                    resource={description.name}
                    recordItemId={name}
                  />
                ) : null}
                {role === "admin" ? (
                  <Popconfirm
                    title={t("scheduledJobs.runNowConfirm", { job: name })}
                    onConfirm={() => start(name)}
                  >
                    <Button size="small" loading={starting === name}>
                      {t("scheduledJobs.runNow")}
                    </Button>
                  </Popconfirm>
                ) : null}
              </Space>
            );
          }}
        />
      </Table>
    </List>
  );
}
