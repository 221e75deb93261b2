export { DEMO_LOGINS, DEMO_PASSWORD } from "./demo-logins.ts";
export { generateDataSet, SIZES } from "./generate.ts";
export { listDemoLogins, type SeedResult, seedDatabase } from "./load.ts";
