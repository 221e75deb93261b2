// The demo logins the seed creates, one per business role. Every one uses
// DEMO_PASSWORD; they exist only in locally seeded databases.

export const DEMO_PASSWORD = "EnerjiDemo2026!";

export type DemoRole =
  | "admin"
  | "manager"
  | "sales_consultant"
  | "call_centre_agent"
  | "finance"
  | "operations"
  | "dealer_user"
  | "customer_user";

export type DemoLogin = {
  email: string;
  role: DemoRole;
  // Label shown beside the login in `npm start`: whom the login acts for.
  description: string;
};

export const DEMO_LOGINS: readonly DemoLogin[] = [
  { email: "admin@demo.enerji.test", role: "admin", description: "admin" },
  {
    email: "manager@demo.enerji.test",
    role: "manager",
    description: "manager",
  },
  {
    email: "consultant@demo.enerji.test",
    role: "sales_consultant",
    description: "sales consultant in charge of the first distributor",
  },
  {
    email: "callcentre@demo.enerji.test",
    role: "call_centre_agent",
    description: "call-centre agent",
  },
  {
    email: "finance@demo.enerji.test",
    role: "finance",
    description: "finance",
  },
  {
    email: "operations@demo.enerji.test",
    role: "operations",
    description: "operations",
  },
  {
    email: "dealer.main@demo.enerji.test",
    role: "dealer_user",
    description: "dealer user of a main dealer",
  },
  {
    email: "dealer.sub@demo.enerji.test",
    role: "dealer_user",
    description: "dealer user of a sub-dealer below that main dealer",
  },
  {
    email: "customer@demo.enerji.test",
    role: "customer_user",
    description: "customer user of a customer of that sub-dealer",
  },
];
