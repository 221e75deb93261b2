import { readRuntimeConfig } from "../../shared/runtime-config.ts";

export const env = readRuntimeConfig();
