import { Alert, Button, Card, Form, Input, Spin, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { ErrorAlert } from "../components/error-alert.tsx";
import { describeFailure, type PortalError } from "../errors.ts";
import { useSession } from "../session.tsx";
import { supabase } from "../supabase.ts";

type Passwords = { password: string; confirm: string };

// The landing page of password reset and invitation links. supabase-js
// signs the user in from the link's URL fragment; the user then sets a
// password. The rule matches the auth settings: at least 8 characters with
// letters and digits.
export function SetPasswordPage() {
  const { t } = useTranslation();
  const { session } = useSession();
  const navigate = useNavigate();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<PortalError | null>(null);

  if (session.state === "loading") {
    return <Spin fullscreen />;
  }

  const submit = async ({ password }: Passwords) => {
    setSaving(true);
    setError(null);
    const result = await supabase.auth.updateUser({ password });
    setSaving(false);
    if (result.error) {
      setError(
        describeFailure(
          (message) => t("setPassword.failed", { message }),
          result.error,
          "set password",
        ),
      );

      return;
    }
    void navigate("/", { replace: true });
  };

  return (
    <div style={{ maxWidth: 400, margin: "8vh auto", padding: 16 }}>
      <Card>
        <Typography.Title level={3}>{t("setPassword.title")}</Typography.Title>
        {session.state === "signed-out" ? (
          <>
            <Alert type="error" message={t("setPassword.noSession")} />
            <div style={{ marginTop: 16 }}>
              <Link to="/forgot-password">{t("login.forgot")}</Link>
            </div>
          </>
        ) : (
          <>
            {error && <ErrorAlert error={error} style={{ marginBottom: 16 }} />}
            <Form<Passwords> layout="vertical" onFinish={submit}>
              <Form.Item
                name="password"
                label={t("setPassword.password")}
                rules={[
                  {
                    validator: (_, value: string | undefined) =>
                      value &&
                      value.length >= 8 &&
                      /[A-Za-z]/.test(value) &&
                      /\d/.test(value)
                        ? Promise.resolve()
                        : Promise.reject(new Error(t("setPassword.tooShort"))),
                  },
                ]}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Form.Item
                name="confirm"
                label={t("setPassword.confirm")}
                dependencies={["password"]}
                rules={[
                  ({ getFieldValue }) => ({
                    validator: (_, value: string | undefined) =>
                      value === getFieldValue("password")
                        ? Promise.resolve()
                        : Promise.reject(new Error(t("setPassword.mismatch"))),
                  }),
                ]}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={saving}>
                {t("setPassword.submit")}
              </Button>
            </Form>
          </>
        )}
      </Card>
    </div>
  );
}
