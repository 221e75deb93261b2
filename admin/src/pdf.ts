// Shows a PDF in a browser tab or saves it under a file name.

// Milliseconds a shown PDF's blob URL stays valid: long enough for the tab
// to load it, after which the tab keeps its own copy.
const BLOB_URL_LIFETIME_MS = 60_000;

// Opens an empty tab at once, while the click still counts as the user's
// gesture, so that popup blockers let it through. The PDF is fetched after
// that. Returns null when the browser blocked the tab.
export function openPdfTab(): Window | null {
  return window.open("", "_blank");
}

function pdfBlob(bytes: Blob): Blob {
  return bytes.type === "application/pdf"
    ? bytes
    : new Blob([bytes], { type: "application/pdf" });
}

// Saves the PDF under `fileName` through the browser's download.
export function downloadPdf(bytes: Blob, fileName: string): void {
  const url = URL.createObjectURL(pdfBlob(bytes));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
}

// Shows the PDF in `tab` with the browser's PDF viewer. Without a tab (a
// blocked popup) the PDF is downloaded instead, so it is never lost.
export function showPdf(
  tab: Window | null,
  bytes: Blob,
  fileName: string,
): void {
  if (!tab || tab.closed) {
    downloadPdf(bytes, fileName);

    return;
  }
  const url = URL.createObjectURL(pdfBlob(bytes));
  tab.location.href = url;
  setTimeout(() => URL.revokeObjectURL(url), BLOB_URL_LIFETIME_MS);
}
