// Log: the node's live log over the /Api/Log WebSocket (history first, then each new line), filtered by level,
// reconnecting by itself when the socket drops.

import { logSocketUrl } from "./api.js";
import { h, replace, type Page } from "./dom.js";

const levels = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"] as const;
type Level = (typeof levels)[number];
/** Lines kept in the page; older ones are dropped. */
const keep = 2000;

export class LogPage implements Page {
  readonly title = "Log";
  private lines = h("div", { class: "terminal log", role: "log", "data-test": "log-lines" });
  private state = h("span", { class: "conn" }, "connecting…");
  private level = h("select", { "aria-label": "Lowest level shown", "data-test": "log-level" });
  private follow = h("input", { type: "checkbox", checked: true });
  private socket: WebSocket | null = null;
  private retry: number | undefined;
  private delay = 500;
  private closed = false;

  mount(main: HTMLElement): void {
    for (const level of levels) this.level.append(h("option", { value: level, selected: level === "INFO" }, level));
    this.level.addEventListener("change", () => this.applyFilter());
    replace(
      main,
      h(
        "div",
        { class: "toolbar" },
        h("h1", {}, "Log"),
        this.state,
        h("span", { class: "spacer" }),
        h("label", { class: "inline" }, "Level ", this.level),
        h("label", { class: "inline" }, this.follow, " follow"),
        h("button", { type: "button", onclick: () => this.lines.replaceChildren() }, "Clear"),
      ),
      this.lines,
    );
    this.connect();
  }

  unmount(): void {
    this.closed = true;
    window.clearTimeout(this.retry);
    this.socket?.close(1000, "page closed");
  }

  private connect(): void {
    const socket = new WebSocket(logSocketUrl());
    this.socket = socket;
    socket.addEventListener("open", () => {
      this.delay = 500;
      this.setState("live", "ok");
      // The node sends its history first: what is on the page now would come twice.
      this.lines.replaceChildren();
    });
    socket.addEventListener("message", (event) => this.add(event.data));
    socket.addEventListener("close", () => {
      if (this.closed) return;
      this.setState(`disconnected; retrying in ${(this.delay / 1000).toFixed(1)} s`, "error");
      this.retry = window.setTimeout(() => this.connect(), this.delay);
      this.delay = Math.min(10_000, this.delay * 2);
    });
  }

  private setState(text: string, kind: "ok" | "error"): void {
    this.state.textContent = text;
    this.state.className = `conn ${kind}`;
  }

  private add(data: unknown): void {
    let line: string;
    try {
      const frame = JSON.parse(String(data)) as { Result?: unknown };
      line = typeof frame.Result === "string" ? frame.Result : String(data);
    } catch {
      line = String(data);
    }
    // ASF's five fields: yyyy-MM-dd HH:mm:ss|process-pid|LEVEL|Category|message
    const parts = line.split("|");
    const level = (levels as readonly string[]).includes(parts[2] ?? "") ? (parts[2] as Level) : "INFO";
    const row = h(
      "div",
      { class: `line ${level.toLowerCase()}`, "data-level": level },
      h("span", { class: "time" }, parts[0] ?? ""),
      h("span", { class: "level" }, level),
      h("span", { class: "category", title: parts[3] ?? "" }, parts[3] ?? ""),
      h("span", { class: "message" }, parts.slice(4).join("|")),
    );
    row.hidden = !this.shown(level);
    this.lines.append(row);
    while (this.lines.childElementCount > keep) this.lines.firstElementChild?.remove();
    if (this.follow.checked && !row.hidden) this.lines.scrollTop = this.lines.scrollHeight;
  }

  private shown(level: Level): boolean {
    return levels.indexOf(level) >= levels.indexOf(this.level.value as Level);
  }

  private applyFilter(): void {
    for (const row of this.lines.children) {
      const element = row as HTMLElement;
      element.hidden = !this.shown((element.dataset["level"] ?? "INFO") as Level);
    }
    if (this.follow.checked) this.lines.scrollTop = this.lines.scrollHeight;
  }
}
