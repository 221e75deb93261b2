// English texts of the portal.
import type { Texts } from "./tr.ts";

export const en: Texts = {
  app: { title: "Enerji Portal", language: "Language" },
  login: {
    title: "Dealer and customer portal",
    email: "E-mail",
    password: "Password",
    submit: "Sign in",
    requiredEmail: "E-mail is required",
    requiredPassword: "Password is required",
    failed: "Sign-in failed: {{message}}",
  },
  home: {
    welcome: "Welcome, {{name}}",
    dealer: "Dealer portal",
    customer: "Customer portal",
    unassigned:
      "Your account is not linked to a dealer or customer yet. Please contact your supplier.",
    logout: "Log out",
  },
  notFound: { title: "Page not found", backHome: "Back home" },
};
