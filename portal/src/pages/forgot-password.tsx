import { Alert, Button, Card, Form, Input, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ErrorAlert } from "../components/error-alert.tsx";
import { describeFailure, type PortalError } from "../errors.ts";
import { supabase } from "../supabase.ts";
import { LanguageSwitch } from "./language-switch.tsx";

// Sends the password reset e-mail. Its link signs the user in and returns
// to /set-password, where the new password is chosen.
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [state, setState] = useState<"idle" | "sending" | "sent">("idle");
  const [error, setError] = useState<PortalError | null>(null);

  const submit = async ({ email }: { email: string }) => {
    setState("sending");
    setError(null);
    const result = await supabase.auth.resetPasswordForEmail(email.trim(), {
      redirectTo: `${window.location.origin}/set-password`,
    });
    if (result.error) {
      setState("idle");
      setError(
        describeFailure(
          (message) => t("forgot.failed", { message }),
          result.error,
          "password reset",
        ),
      );

      return;
    }
    setState("sent");
  };

  return (
    <div style={{ maxWidth: 400, margin: "8vh auto", padding: 16 }}>
      <div style={{ textAlign: "right", marginBottom: 12 }}>
        <LanguageSwitch />
      </div>
      <Card>
        <Typography.Title level={3}>{t("forgot.title")}</Typography.Title>
        {state === "sent" ? (
          <Alert type="success" message={t("forgot.sent")} />
        ) : (
          <>
            <Typography.Paragraph>{t("forgot.intro")}</Typography.Paragraph>
            {error && <ErrorAlert error={error} style={{ marginBottom: 16 }} />}
            <Form<{ email: string }> layout="vertical" onFinish={submit}>
              <Form.Item
                name="email"
                label={t("login.email")}
                rules={[
                  { required: true, message: t("login.requiredEmail") },
                  { type: "email", message: t("login.requiredEmail") },
                ]}
              >
                <Input type="email" autoComplete="username" />
              </Form.Item>
              <Button
                type="primary"
                htmlType="submit"
                block
                loading={state === "sending"}
              >
                {t("forgot.submit")}
              </Button>
            </Form>
          </>
        )}
        <div style={{ marginTop: 16 }}>
          <Link to="/login">{t("forgot.back")}</Link>
        </div>
      </Card>
    </div>
  );
}
