import { Alert, Button, Card, Form, Input, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate } from "react-router";
import { ErrorAlert } from "../components/error-alert.tsx";
import { describeFailure, type PortalError } from "../errors.ts";
import { useSession } from "../session.tsx";
import { supabase } from "../supabase.ts";
import { LanguageSwitch } from "./language-switch.tsx";

type Credentials = { email: string; password: string };

export function LoginPage() {
  const { t } = useTranslation();
  const { session } = useSession();
  const [error, setError] = useState<PortalError | null>(null);
  const [submitting, setSubmitting] = useState(false);

  if (session.state === "signed-in") {
    return <Navigate to="/" replace />;
  }

  const submit = async ({ email, password }: Credentials) => {
    setSubmitting(true);
    setError(null);
    const result = await supabase.auth.signInWithPassword({ email, password });
    setSubmitting(false);
    if (result.error) {
      setError(
        describeFailure(
          (message) => t("login.failed", { message }),
          result.error,
          "sign in",
        ),
      );
    }
  };

  return (
    <div style={{ maxWidth: 400, margin: "8vh auto", padding: 16 }}>
      <div style={{ textAlign: "right", marginBottom: 12 }}>
        <LanguageSwitch />
      </div>
      <Card>
        <Typography.Title level={3}>{t("login.title")}</Typography.Title>
        {error && <ErrorAlert error={error} style={{ marginBottom: 16 }} />}
        <Form<Credentials> layout="vertical" onFinish={submit}>
          <Form.Item
            name="email"
            label={t("login.email")}
            rules={[{ required: true, message: t("login.requiredEmail") }]}
          >
            <Input type="email" autoComplete="username" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t("login.password")}
            rules={[{ required: true, message: t("login.requiredPassword") }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={submitting}>
            {t("login.submit")}
          </Button>
        </Form>
        <div style={{ marginTop: 16, textAlign: "center" }}>
          <Link to="/forgot-password">{t("login.forgot")}</Link>
        </div>
      </Card>
    </div>
  );
}
