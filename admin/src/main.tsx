// antd 5.29 warns that it supports React 16 to 18. This patch, which antd
// documents for React 19, lets its wave effect and static messages render.
import "@ant-design/v5-patch-for-react-19";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "./i18n/index.ts";
import { App } from "./App.tsx";

const root = document.getElementById("root");
if (!root) {
  throw new Error("The page has no #root element");
}
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
