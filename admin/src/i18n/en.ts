// English texts of the admin.
import type { Texts } from "./tr.ts";

export const en: Texts = {
  app: { title: "Enerji CRM", language: "Language" },
  pages: {
    login: {
      title: "Sign in to your account",
      signin: "Sign in",
      fields: { email: "E-mail", password: "Password" },
      errors: {
        requiredEmail: "E-mail is required",
        requiredPassword: "Password is required",
        validEmail: "Enter a valid e-mail",
        title: "Sign-in failed",
        invalidCredentials: "The e-mail or password is wrong.",
        failed: "Sign-in failed: {{message}}",
        notStaff:
          "This account cannot use the admin. Dealer and customer accounts use the portal.",
      },
      buttons: {
        forgotPassword: "Forgot password",
        rememberMe: "Remember me",
        noAccount: "No account?",
      },
    },
    error: {
      info: "This page was not found.",
      404: "The page you are looking for does not exist.",
      resource404: "Resource {{resource}} was not found.",
      backHome: "Back home",
    },
  },
  buttons: {
    create: "Create",
    save: "Save",
    logout: "Log out",
    delete: "Delete",
    edit: "Edit",
    cancel: "Cancel",
    confirm: "Are you sure?",
    filter: "Filter",
    clear: "Clear",
    refresh: "Refresh",
    show: "Show",
    undo: "Undo",
    import: "Import",
    clone: "Clone",
    notAccessTitle: "You are not allowed to do this",
  },
  warnWhenUnsavedChanges: "There are unsaved changes. Leave anyway?",
  notifications: {
    success: "Success",
    error: "Error (status code: {{statusCode}})",
    undoable: "You have {{seconds}} seconds to undo",
    createSuccess: "Created {{resource}}",
    createError: "Could not create {{resource}} (status code: {{statusCode}})",
    deleteSuccess: "Deleted {{resource}}",
    deleteError: "Could not delete {{resource}} (status code: {{statusCode}})",
    editSuccess: "Updated {{resource}}",
    editError: "Could not update {{resource}} (status code: {{statusCode}})",
  },
  loading: "Loading",
  tags: { clone: "Clone" },
  table: { actions: "Actions" },
  dashboard: { title: "Dashboard" },
  distribution_regions: {
    distribution_regions: "Distribution regions",
    titles: { list: "Distribution regions", show: "Distribution region" },
    fields: {
      code: "Code",
      name: "Region",
      company_name: "Distribution company",
      epias_distribution_id: "EPİAŞ id",
      provinces_note: "Provinces",
    },
  },
  subscriber_groups: {
    subscriber_groups: "Subscriber groups",
    titles: { list: "Subscriber groups" },
    fields: {
      code: "Code",
      name_tr: "Name (Turkish)",
      name_en: "Name (English)",
    },
  },
};
