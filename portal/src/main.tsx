import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "antd/dist/reset.css";
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
