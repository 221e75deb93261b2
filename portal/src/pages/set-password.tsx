import { Alert, Button, Card, Form, Input, Spin, Typography } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { ErrorAlert } from "../components/error-alert.tsx";
import { describeFailure, type PortalError } from "../errors.ts";
import { useSession } from "../session.tsx";
import { supabase } from "../supabase.ts";
import { LanguageSwitch } from "./language-switch.tsx";

type Passwords = { password: string; confirm: string };

// Names the first part of the rule a password breaks, or returns null.
// The field states the whole rule, so the message names only the broken part.
function passwordProblem(
  password: string,
):
  | "setPassword.tooShort"
  | "setPassword.noLetter"
  | "setPassword.noDigit"
  | null {
  if (password.length < 8) {
    return "setPassword.tooShort";
  }
  // Supabase Auth's "letters_digits" counts only the letters A to Z.
  if (!/[A-Za-z]/.test(password)) {
    return "setPassword.noLetter";
  }

  return /\d/.test(password) ? null : "setPassword.noDigit";
}

// The landing page of password reset and invitation links. supabase-js
// signs the user in from the link's URL fragment; the user then sets a
// password. The rule matches the auth settings: at least 8 characters with
// letters and digits. The field states it before any input is checked.
export function SetPasswordPage() {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<Passwords>();
  const { session } = useSession();
  const navigate = useNavigate();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<PortalError | null>(null);

  // The form keeps its messages as text, so a change of language checks
  // the fields that show one again, in the new language.
  useEffect(() => {
    if (session.state !== "signed-in" || !i18n.language) {
      return;
    }
    const shown = form
      .getFieldsError()
      .filter((field) => field.errors.length > 0)
      .map((field) => field.name);
    if (shown.length > 0) {
      form.validateFields(shown).catch(() => undefined);
    }
  }, [i18n.language, session.state, form]);

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
      <div style={{ textAlign: "right", marginBottom: 12 }}>
        <LanguageSwitch />
      </div>
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
            <Form<Passwords> form={form} layout="vertical" onFinish={submit}>
              <Form.Item
                name="password"
                label={t("setPassword.password")}
                extra={t("setPassword.rule")}
                rules={[
                  {
                    validator: (_, value: string | undefined) => {
                      const problem = passwordProblem(value ?? "");

                      return problem
                        ? Promise.reject(new Error(t(problem)))
                        : Promise.resolve();
                    },
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
