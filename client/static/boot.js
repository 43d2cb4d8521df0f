// Starts the web client, and the service worker that keeps it available offline. A file of
// its own, not an inline script, so the Content-Security-Policy can forbid inline scripts.
import init from "/polyphony_client.js";

init({ module_or_path: "/polyphony_client_bg.wasm" });
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js").catch(() => {});
}
