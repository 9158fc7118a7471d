// The page's entry: find the token (a #token= link, then the session), or ask for one; then start
// the dashboard over the client.

import { el, replace } from "./elements.js";

const TOKEN_KEY = "procurement-cache.token";
const root = document.getElementById("app");

function takeTokenFromFragment() {
  const match = /^#token=([^&]+)/.exec(location.hash);
  if (!match) return;
  sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
  // The token must not stay in the address bar, the history or a bookmark.
  history.replaceState(null, "", location.pathname + location.search);
}

function showSignIn() {
  const input = el("textarea", { id: "token-input", name: "token", rows: 6, required: true, spellcheck: "false", autocomplete: "off" });
  const form = el(
    "form",
    { id: "sign-in", class: "sign-in" },
    el("h1", null, "procurement-cache"),
    el("p", null, "Sign in with the access token you were given."),
    el("label", { for: "token-input" }, "Access token"),
    input,
    el("button", { type: "submit", class: "primary" }, "Sign in"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const token = input.value.trim();
    if (!token) return;
    sessionStorage.setItem(TOKEN_KEY, token);
    start();
  });
  replace(root, el("main", { id: "main" }, form));
  input.focus();
}

function showFailure(error) {
  replace(
    root,
    el(
      "main",
      { id: "main" },
      el("div", { id: "problem", role: "alert", class: "problem" }, el("strong", null, "The dashboard could not start."), ` ${error?.message ?? error}`),
    ),
  );
}

let client = null;
async function start() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token) {
    showSignIn();
    return;
  }
  try {
    // Imported here rather than statically, so that a client or dashboard module that fails to
    // load shows a message instead of an empty page.
    const [{ createClient }, { startDashboard }] = await Promise.all([
      import("../client/procurement-cache-client.js"),
      import("./app.js"),
    ]);
    client = createClient({ token, storage: sessionStorage });
    startDashboard({
      root,
      source: client,
      token,
      onSignOut() {
        client?.close?.();
        client = null;
        showSignIn();
      },
    });
  } catch (error) {
    showFailure(error);
  }
}

takeTokenFromFragment();
start();
