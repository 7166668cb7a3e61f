// The console's shell: signs in, shows a screen of its own for 401, 403 and 503 (no owner), and otherwise the tab
// chosen in the URL's hash (#bots, #console, #methods, #cluster, #log).

import { api, ApiError, handleScreenFailures, password, type NodeInfo } from "./api.js";
import { BotsPage } from "./bots.js";
import { ClusterPage } from "./cluster.js";
import { ConsolePage } from "./console.js";
import { h, replace, type Page } from "./dom.js";
import { LogPage } from "./log.js";
import { MethodsPage } from "./methods.js";

const tabs: { id: string; title: string; create: () => Page }[] = [
  { id: "bots", title: "Bots", create: () => new BotsPage() },
  { id: "console", title: "Console", create: () => new ConsolePage() },
  { id: "methods", title: "Methods", create: () => new MethodsPage() },
  { id: "cluster", title: "Cluster", create: () => new ClusterPage() },
  { id: "log", title: "Log", create: () => new LogPage() },
];

class App {
  private root = document.getElementById("app")!;
  private main = h("main", { id: "main" });
  private nav = h("nav", { class: "tabs", "aria-label": "Pages" });
  private nodeLabel = h("span", { class: "node-name" });
  private page: Page | null = null;
  /** Set once signed in; the screens for 401/403/503 take the whole window until then. */
  private signedIn = false;
  /** Read-only after the operator chose to go on without an owner (every command is refused with 503). */
  private readOnly = false;

  start(): void {
    handleScreenFailures((error) => this.onFailure(error));
    window.addEventListener("hashchange", () => this.signedIn && this.show());
    void this.probe();
  }

  /** Asks GET /Api/ASF with whatever password is stored: it says whether one is needed and whether commands are allowed. */
  private async probe(): Promise<void> {
    let node: NodeInfo | null;
    try {
      node = (await api.node()).Result;
    } catch (error) {
      // 401, 403 and an unreachable node are shown by onFailure; anything else is shown here.
      if (error instanceof ApiError && error.failure === "page") this.screen("error", "The node answered with an error", error.message);
      return;
    }
    if (!node) return;
    if (!node.CommandsAllowed && !this.readOnly) {
      this.noOwner();
      return;
    }
    this.enter(node);
  }

  private onFailure(error: ApiError): void {
    this.page?.unmount();
    this.page = null;
    this.signedIn = false;
    switch (error.failure) {
      case "signIn":
        this.signIn(password.get() !== null ? "The node refused that password." : null);
        break;
      case "forbidden":
        this.screen(
          "forbidden",
          /banned/i.test(error.message) ? "This address is banned" : "Access refused",
          error.message,
          /banned/i.test(error.message)
            ? "Too many wrong passwords from this address: the node refuses it for an hour. The owner can lift bans with DELETE /Api/IPC/Bans."
            : "Without a password the node serves only its own machine and its trusted networks. Set a password (actorrpc.ipc.password) to sign in from elsewhere.",
        );
        break;
      case "noOwner":
        this.noOwner();
        break;
      case "unreachable":
        this.screen("unreachable", "The node does not answer", error.message, "It may be stopped or restarting. This page tries again when you press Retry.");
        break;
      default:
        break;
    }
  }

  private signIn(problem: string | null): void {
    const input = h("input", { type: "password", name: "password", autocomplete: "current-password", required: true, "aria-label": "IPC password", "data-test": "password" });
    const remember = h("input", { type: "checkbox", name: "remember" });
    const form = h(
      "form",
      { class: "card sign-in", "data-screen": "sign-in" },
      h("h1", {}, "ActorRpc"),
      h("p", {}, "Sign in with the node's IPC password."),
      problem ? h("p", { class: "error", role: "alert" }, problem) : null,
      h("label", {}, h("span", {}, "Password"), input),
      h("label", { class: "check" }, remember, h("span", {}, "Remember on this device")),
      h("button", { type: "submit", class: "primary" }, "Sign in"),
      h("p", { class: "muted small" }, "The password stays in this browser's storage and goes to the node with each call. Five wrong passwords ban this address for an hour."),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      password.set(input.value, remember.checked);
      void this.probe();
    });
    replace(this.root, h("div", { class: "center" }, form));
    input.focus();
  }

  private noOwner(): void {
    this.screen(
      "no-owner",
      "Commands are disabled on this node",
      "503: the node has no owner (OwnerId is 0), so it refuses every command, as ArchiSteamFarm does.",
      "Start the node with --owner-id 1 (or set actorrpc.ipc.owner-id) to allow commands. You can still look around read-only.",
      h("button", {
        type: "button",
        onclick: () => {
          this.readOnly = true;
          void this.probe();
        },
      }, "Continue read-only"),
    );
  }

  private screen(kind: string, title: string, message: string, advice?: string, ...extra: HTMLElement[]): void {
    const retry = h("button", { type: "button", class: "primary", onclick: () => void this.probe() }, "Retry");
    const signOut = password.get() !== null ? h("button", { type: "button", onclick: () => this.signOut() }, "Sign out") : null;
    replace(
      this.root,
      h(
        "div",
        { class: "center" },
        h(
          "section",
          { class: `card screen ${kind}`, "data-screen": kind, role: "alert" },
          h("h1", {}, title),
          h("p", { class: "message" }, message),
          advice ? h("p", { class: "muted" }, advice) : null,
          h("div", { class: "actions" }, retry, signOut, ...extra),
        ),
      ),
    );
  }

  private signOut(): void {
    password.clear();
    this.page?.unmount();
    this.page = null;
    this.signedIn = false;
    this.signIn(null);
  }

  private enter(node: NodeInfo): void {
    this.signedIn = true;
    this.nodeLabel.textContent = `${node.NodeName} · ${node.Version}`;
    replace(
      this.nav,
      ...tabs.map((tab) => h("a", { href: `#${tab.id}`, "data-tab": tab.id }, tab.title)),
    );
    replace(
      this.root,
      h(
        "header",
        { class: "top" },
        h("span", { class: "brand" }, "ActorRpc"),
        this.nodeLabel,
        this.readOnly ? h("span", { class: "tag warn", title: "OwnerId is 0: commands are refused" }, "read-only") : null,
        this.nav,
        h("span", { class: "spacer" }),
        password.get() !== null ? h("button", { type: "button", class: "subtle", onclick: () => this.signOut() }, "Sign out") : h("span", { class: "muted small" }, "no password set"),
      ),
      this.main,
    );
    this.show();
  }

  private show(): void {
    const id = location.hash.replace(/^#\/?/, "") || "bots";
    const tab = tabs.find((t) => t.id === id) ?? tabs[0]!;
    this.page?.unmount();
    this.page = tab.create();
    for (const link of this.nav.querySelectorAll("a")) link.classList.toggle("active", link.dataset["tab"] === tab.id);
    document.title = `${tab.title} · ActorRpc`;
    this.page.mount(this.main);
  }
}

new App().start();
