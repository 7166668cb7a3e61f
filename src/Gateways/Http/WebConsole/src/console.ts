// Console: type a command, read its output as the node streams it, in DFHack's colours; the arrow keys walk the
// history (kept in this browser). Commands typed while one runs wait their turn, as on DFHack's own console.

import { ApiError, runCommand } from "./api.js";
import { h, replace, type Page } from "./dom.js";

const historyKey = "actorrpc.history";
const historyLimit = 200;

export class ConsolePage implements Page {
  readonly title = "Console";
  private output = h("div", { class: "terminal", role: "log", "aria-live": "polite", "data-test": "console-output" });
  private input = h("input", {
    class: "command",
    autocomplete: "off",
    spellcheck: "false",
    placeholder: "a command: help, status ASF, start alpha …",
    "aria-label": "Command",
    "data-test": "console-input",
  });
  private history: string[] = loadHistory();
  /** Where the arrow keys are in the history; history.length means the line being typed. */
  private cursor = this.history.length;
  private draft = "";
  private queue: Promise<void> = Promise.resolve();
  private aborter = new AbortController();

  mount(main: HTMLElement): void {
    this.aborter = new AbortController();
    this.input.addEventListener("keydown", (event) => this.key(event));
    replace(
      main,
      h(
        "div",
        { class: "toolbar" },
        h("h1", {}, "Console"),
        h("span", { class: "muted" }, "↑ ↓ history · Enter runs"),
        h("span", { class: "spacer" }),
        h("button", { type: "button", onclick: () => this.output.replaceChildren() }, "Clear"),
      ),
      this.output,
      h("div", { class: "prompt" }, h("span", { class: "sigil" }, ">"), this.input),
    );
    this.input.focus();
  }

  unmount(): void {
    this.aborter.abort();
  }

  private key(event: KeyboardEvent): void {
    if (event.key === "Enter") {
      event.preventDefault();
      const command = this.input.value.trim();
      this.input.value = "";
      if (command.length > 0) this.submit(command);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      this.walk(-1);
    } else if (event.key === "ArrowDown") {
      event.preventDefault();
      this.walk(1);
    }
  }

  private walk(step: number): void {
    const next = Math.min(this.history.length, Math.max(0, this.cursor + step));
    if (next === this.cursor) return;
    if (this.cursor === this.history.length) this.draft = this.input.value;
    this.cursor = next;
    this.input.value = next === this.history.length ? this.draft : this.history[next]!;
    this.input.setSelectionRange(this.input.value.length, this.input.value.length);
  }

  private submit(command: string): void {
    if (this.history[this.history.length - 1] !== command) this.history.push(command);
    if (this.history.length > historyLimit) this.history.splice(0, this.history.length - historyLimit);
    localStorage.setItem(historyKey, JSON.stringify(this.history));
    this.cursor = this.history.length;
    this.draft = "";
    const block = h("div", { class: "run running", "data-command": command });
    block.append(h("div", { class: "echo" }, `> ${command}`));
    const text = h("pre", { class: "text" });
    block.append(text);
    this.output.append(block);
    this.scroll();
    this.queue = this.queue.then(() => this.run(command, block, text));
  }

  private async run(command: string, block: HTMLElement, text: HTMLElement): Promise<void> {
    const signal = this.aborter.signal;
    try {
      const result = await runCommand(
        command,
        (line) => {
          if ("Text" in line) {
            text.append(h("span", { class: `c${line.Color}` }, line.Text));
            this.scroll();
          }
        },
        signal,
      );
      if ("ResultCode" in result) {
        block.dataset["result"] = result.ResultCode;
        if (result.ResultCode !== "CR_OK") block.append(h("div", { class: result.Success ? "code" : "code failed" }, result.ResultCode));
      }
    } catch (error) {
      if (signal.aborted) return;
      block.dataset["result"] = "error";
      const message = error instanceof ApiError && error.status > 0 ? `${error.status}: ${error.message}` : (error as Error).message;
      block.append(h("div", { class: "code failed" }, message));
    } finally {
      block.classList.remove("running");
      this.scroll();
    }
  }

  private scroll(): void {
    this.output.scrollTop = this.output.scrollHeight;
  }
}

function loadHistory(): string[] {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(historyKey) ?? "[]");
    return Array.isArray(stored) ? stored.filter((item): item is string => typeof item === "string") : [];
  } catch {
    return [];
  }
}
