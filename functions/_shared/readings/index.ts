// Pure reading logic shared by the edge functions: hour numbering, index
// consumption, hourly series validation and prorating.
export * from "./decimal.ts";
export * from "./hour-numbering.ts";
export * from "./hourly-validation.ts";
export * from "./index-consumption.ts";
export * from "./prorate.ts";
export * from "./time-zone.ts";
