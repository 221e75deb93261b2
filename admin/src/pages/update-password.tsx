// The landing page of the admin's password reset links. supabase-js signs
// the user in from the link's URL fragment, and the user then sets a
// password. The page reports an expired or used link, or a visit without
// one, before showing the form. Dealers and customers who reset here are
// sent to the portal, because the admin does not let them in: the link goes
// to PORTAL_URL of /config.js, and without it the message names the portal
// only.
import { useGo, useTranslate } from "@refinedev/core";
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  Layout,
  Spin,
  Typography,
} from "antd";
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { decodeJwtPayload } from "../../../shared/runtime-config.ts";
import { env } from "../env.ts";
import { STAFF_ROLES } from "../providers/auth-provider.ts";
import { supabase } from "../supabase.ts";
import { LanguageSwitch } from "./language-switch.tsx";

type Passwords = { password: string; confirm: string };

type PageState =
  | { kind: "loading" }
  | { kind: "link-failed" }
  | { kind: "no-session" }
  | { kind: "ready" }
  | { kind: "saved-not-staff" };

// The auth server's rule (config.toml, letters_digits): at least 8
// characters with a Latin letter and a digit, as Supabase checks them.
export function passwordFollowsRule(password: string): boolean {
  return (
    password.length >= 8 && /[A-Za-z]/.test(password) && /\d/.test(password)
  );
}

// Reads the error a failed link leaves in the URL fragment, as the auth
// server redirects: #error=access_denied&error_code=otp_expired&...
function linkError(): string | null {
  const fragment = new URLSearchParams(window.location.hash.slice(1));

  return fragment.get("error_code") ?? fragment.get("error");
}

function isStaff(accessToken: string): boolean {
  const role = decodeJwtPayload(accessToken).app_role;

  return (
    typeof role === "string" &&
    (STAFF_ROLES as readonly string[]).includes(role)
  );
}

export function UpdatePasswordPage() {
  const translate = useTranslate();
  const go = useGo();
  const { message } = App.useApp();
  const [state, setState] = useState<PageState>({ kind: "loading" });
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<Passwords>();

  useEffect(() => {
    if (linkError()) {
      setState({ kind: "link-failed" });

      return;
    }
    // getSession waits until supabase-js has read the link's fragment.
    void supabase.auth.getSession().then(({ data }) => {
      setState({ kind: data.session ? "ready" : "no-session" });
    });
  }, []);

  const submit = async ({ password }: Passwords) => {
    setSaving(true);
    setError(null);
    const result = await supabase.auth.updateUser({ password });
    setSaving(false);
    if (result.error?.code === "weak_password") {
      // Shown at the field, above the rule in its help text, so the rule
      // is written once.
      form.setFields([
        {
          name: "password",
          errors: [translate("pages.updatePassword.errors.weak")],
        },
      ]);

      return;
    }
    if (result.error) {
      const key =
        result.error.name === "AuthSessionMissingError"
          ? "pages.updatePassword.errors.noSession"
          : "pages.updatePassword.errors.failed";
      setError(translate(key, { message: result.error.message }));

      return;
    }
    const { data } = await supabase.auth.getSession();
    if (data.session && isStaff(data.session.access_token)) {
      void message.success(translate("pages.updatePassword.saved"));
      go({ to: "/", type: "replace" });

      return;
    }
    await supabase.auth.signOut({ scope: "local" });
    setState({ kind: "saved-not-staff" });
  };

  const requestAgain = (
    <Link to="/forgot-password">
      {translate("pages.updatePassword.requestAgain")}
    </Link>
  );

  return (
    <Layout style={{ minHeight: "100vh", padding: 16 }}>
      <div style={{ display: "flex", justifyContent: "flex-end" }}>
        <LanguageSwitch />
      </div>
      <Card style={{ maxWidth: 400, width: "100%", margin: "8vh auto 0" }}>
        <Typography.Title level={3} style={{ textAlign: "center" }}>
          {translate("pages.updatePassword.title")}
        </Typography.Title>
        {state.kind === "loading" ? (
          <div style={{ textAlign: "center" }}>
            <Spin />
          </div>
        ) : null}
        {state.kind === "link-failed" || state.kind === "no-session" ? (
          <Alert
            type="error"
            data-testid="update-password-link"
            message={translate(
              state.kind === "link-failed"
                ? "pages.updatePassword.errors.linkFailed"
                : "pages.updatePassword.errors.noLink",
            )}
            description={requestAgain}
          />
        ) : null}
        {state.kind === "saved-not-staff" ? (
          <Alert
            type="success"
            data-testid="update-password-portal"
            message={translate("pages.updatePassword.savedNotStaff")}
            description={
              env.PORTAL_URL ? (
                <a
                  href={new URL("/login", env.PORTAL_URL).toString()}
                  data-testid="update-password-portal-link"
                >
                  {translate("pages.updatePassword.openPortal")}
                </a>
              ) : undefined
            }
          />
        ) : null}
        {state.kind === "ready" ? (
          <>
            {error ? (
              <Alert
                type="error"
                message={error}
                description={requestAgain}
                style={{ marginBottom: 16 }}
              />
            ) : null}
            <Form<Passwords> form={form} layout="vertical" onFinish={submit}>
              <Form.Item
                name="password"
                label={translate("pages.updatePassword.fields.password")}
                extra={translate("pages.updatePassword.rule")}
                rules={[
                  {
                    required: true,
                    message: translate(
                      "pages.updatePassword.errors.requiredPassword",
                    ),
                  },
                  {
                    validator: (_, value: string | undefined) =>
                      !value || passwordFollowsRule(value)
                        ? Promise.resolve()
                        : Promise.reject(
                            new Error(
                              translate("pages.updatePassword.errors.weak"),
                            ),
                          ),
                  },
                ]}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Form.Item
                name="confirm"
                label={translate("pages.updatePassword.fields.confirmPassword")}
                dependencies={["password"]}
                rules={[
                  {
                    required: true,
                    message: translate(
                      "pages.updatePassword.errors.requiredConfirmPassword",
                    ),
                  },
                  ({ getFieldValue }) => ({
                    validator: (_, value: string | undefined) =>
                      !value || value === getFieldValue("password")
                        ? Promise.resolve()
                        : Promise.reject(
                            new Error(
                              translate(
                                "pages.updatePassword.errors.confirmPasswordNotMatch",
                              ),
                            ),
                          ),
                  }),
                ]}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={saving}>
                {translate("pages.updatePassword.buttons.submit")}
              </Button>
            </Form>
          </>
        ) : null}
      </Card>
    </Layout>
  );
}
