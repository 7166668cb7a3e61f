// Bots: a live table (name, node, state, status) refreshed every second, the lifecycle buttons, a form generated
// from /Api/Structure/BotConfig and /Api/Type/BotConfig to create a bot, and deletion after a confirmation.

import { api, ApiError, type Bot, type BotState } from "./api.js";
import { confirmDialog, every, h, replace, toast, type Page } from "./dom.js";

type Verb = "Start" | "Stop" | "Pause" | "Resume";

/** Which buttons make sense in which state (the node refuses the others anyway, with a message). */
const verbs: Record<BotState, Verb[]> = {
  Stopped: ["Start"],
  Running: ["Pause", "Stop"],
  Paused: ["Resume", "Stop"],
  Failed: ["Start", "Stop"],
};

export class BotsPage implements Page {
  readonly title = "Bots";
  private body = h("tbody");
  private summary = h("span", { class: "muted" });
  private filter = h("input", { type: "search", placeholder: "Filter by name", "aria-label": "Filter bots by name" });
  private rows = new Map<string, HTMLTableRowElement>();
  private stop: () => void = () => {};

  mount(main: HTMLElement): void {
    this.filter.addEventListener("input", () => this.applyFilter());
    replace(
      main,
      h(
        "div",
        { class: "toolbar" },
        h("h1", {}, "Bots"),
        this.summary,
        h("span", { class: "spacer" }),
        this.filter,
        h("button", { type: "button", class: "primary", "data-test": "new-bot", onclick: () => void this.create() }, "New bot"),
      ),
      h(
        "table",
        { class: "grid", "data-test": "bots" },
        h("thead", {}, h("tr", {}, h("th", {}, "Name"), h("th", {}, "Node"), h("th", {}, "State"), h("th", {}, "Status"), h("th", { class: "actions" }, ""))),
        this.body,
      ),
    );
    this.stop = every(1000, () => this.refresh());
  }

  unmount(): void {
    this.stop();
    this.rows.clear();
  }

  private async refresh(): Promise<void> {
    const [bots, node] = await Promise.all([this.bots(), api.node()]);
    const hostOf = new Map<string, string>();
    for (const member of node.Result?.Members ?? []) for (const bot of member.BotNames) hostOf.set(bot, member.NodeName);
    const names = Object.keys(bots).sort();
    for (const [name, row] of this.rows) {
      if (!(name in bots)) {
        row.remove();
        this.rows.delete(name);
      }
    }
    let previous: HTMLTableRowElement | null = null;
    for (const name of names) {
      const bot = bots[name]!;
      let row = this.rows.get(name);
      if (!row) {
        row = h("tr", { "data-bot": name });
        this.rows.set(name, row);
      }
      this.fill(row, bot, hostOf.get(name) ?? "—");
      // Keep name order without rebuilding the table (a button being clicked stays where it is).
      const expected: ChildNode | null = previous ? previous.nextSibling : this.body.firstChild;
      if (expected !== row) this.body.insertBefore(row, expected);
      previous = row;
    }
    const running = names.filter((n) => bots[n]!.State === "Running").length;
    this.summary.textContent = `${running} of ${names.length} running`;
    if (names.length === 0) {
      replace(this.body, h("tr", {}, h("td", { colspan: 5, class: "empty" }, "No bots yet. Create one with New bot, or put a JSON file in the node's bots directory.")));
    } else {
      this.body.querySelector("td.empty")?.parentElement?.remove();
    }
    this.applyFilter();
  }

  /** Every bot; a node with none answers 400 ("no bots"), which is an empty table here. */
  private async bots(): Promise<Record<string, Bot>> {
    try {
      return (await api.bots()).Result ?? {};
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) return {};
      throw error;
    }
  }

  private fill(row: HTMLTableRowElement, bot: Bot, node: string): void {
    const key = `${bot.State}|${bot.StatusText}|${node}|${bot.ConfigError ?? ""}`;
    if (row.dataset["key"] === key) return;
    row.dataset["key"] = key;
    const status = bot.ConfigError ? `${bot.StatusText} — ${bot.ConfigError}` : bot.StatusText;
    replace(
      row,
      h("td", { class: "name" }, bot.Name),
      h("td", { class: "node" }, node),
      h("td", {}, h("span", { class: `state ${bot.State.toLowerCase()}`, "data-test": "state" }, bot.State)),
      h("td", { class: "status", title: status }, status),
      h(
        "td",
        { class: "actions" },
        h(
          "div",
          { class: "buttons" },
          ...verbs[bot.State].map((verb) => h("button", { type: "button", onclick: () => void this.lifecycle(bot.Name, verb) }, verb)),
          h("button", { type: "button", class: "danger subtle", onclick: () => void this.remove(bot.Name) }, "Delete"),
        ),
      ),
    );
  }

  private applyFilter(): void {
    const text = this.filter.value.trim().toLowerCase();
    for (const [name, row] of this.rows) row.hidden = text.length > 0 && !name.toLowerCase().includes(text);
  }

  private async lifecycle(name: string, verb: Verb): Promise<void> {
    try {
      const reply = await api.lifecycle(name, verb);
      toast(reply.Success ? `${verb}: ${name}` : reply.Message, reply.Success ? "ok" : "error");
    } catch (error) {
      if (error instanceof ApiError && error.failure === "page") toast(error.message, "error");
    }
    await this.refresh().catch(() => {});
  }

  private async remove(name: string): Promise<void> {
    if (!(await confirmDialog(`Delete ${name}?`, `The bot is stopped and its configuration file is deleted on the node that hosts it. This cannot be undone.`, "Delete"))) return;
    try {
      await api.deleteBot(name);
      toast(`Deleted ${name}`);
    } catch (error) {
      if (error instanceof ApiError && error.failure === "page") toast(error.message, "error");
    }
    await this.refresh().catch(() => {});
  }

  private async create(): Promise<void> {
    let structure: Record<string, unknown>;
    let types: Record<string, string>;
    try {
      const [s, t] = await Promise.all([api.structure("BotConfig"), api.type("BotConfig")]);
      structure = s.Result ?? {};
      types = t.Result?.Body ?? {};
    } catch (error) {
      if (error instanceof ApiError && error.failure === "page") toast(error.message, "error");
      return;
    }
    const saved = await new BotForm(structure, types).show();
    if (saved) {
      toast(`Created ${saved}`);
      await this.refresh().catch(() => {});
    }
  }
}

/** The create-a-bot dialog: one input per BotConfig field (by its CLR type), plus free JSON for plugins' settings. */
class BotForm {
  private dialog = h("dialog", { class: "form", "aria-label": "New bot" });
  private name = h("input", { name: "Name", required: true, pattern: "[A-Za-z0-9_\\-.]+", autocomplete: "off", "aria-label": "Bot name" });
  private extra = h("textarea", { name: "Extra", rows: 4, spellcheck: "false", placeholder: '{ "Sample": { "Greeting": "hi" } }', "aria-label": "Other settings (JSON)" });
  private error = h("p", { class: "error", role: "alert" });
  private fields: { name: string; type: string; input: HTMLInputElement | HTMLTextAreaElement }[] = [];

  constructor(
    private readonly structure: Record<string, unknown>,
    private readonly types: Record<string, string>,
  ) {}

  show(): Promise<string | null> {
    return new Promise((resolve) => {
      const form = h("form", { method: "dialog" });
      // A reason shown for the last attempt no longer holds once the form changes.
      form.addEventListener("input", () => (this.error.textContent = ""));
      const close = (name: string | null) => {
        this.dialog.close();
        this.dialog.remove();
        resolve(name);
      };
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        void this.submit().then((name) => name && close(name));
      });
      const rows = Object.keys(this.types).map((field) => this.row(field, this.types[field]!, this.structure[field]));
      form.append(
        h("h2", {}, "New bot"),
        h("label", {}, h("span", {}, "Name"), this.name),
        ...rows,
        h("label", { class: "wide" }, h("span", {}, "Other settings (JSON object, optional)"), this.extra),
        this.error,
        h(
          "div",
          { class: "actions" },
          h("button", { type: "button", onclick: () => close(null) }, "Cancel"),
          h("button", { type: "submit", class: "primary" }, "Create"),
        ),
      );
      this.dialog.append(form);
      this.dialog.addEventListener("cancel", () => close(null));
      document.body.append(this.dialog);
      this.dialog.showModal();
      this.name.focus();
    });
  }

  private row(field: string, type: string, value: unknown): HTMLElement {
    let input: HTMLInputElement | HTMLTextAreaElement;
    if (type === "System.Boolean") {
      input = h("input", { type: "checkbox", name: field });
      input.checked = value === true;
    } else if (/^System\.(U?Int(16|32|64)|Byte|SByte|Double|Single|Decimal)$/.test(type)) {
      input = h("input", { type: "number", name: field, step: /Double|Single|Decimal/.test(type) ? "any" : "1" });
      input.value = value === undefined || value === null ? "" : String(value);
    } else if (type === "System.String") {
      input = h("input", { type: "text", name: field });
      input.value = typeof value === "string" ? value : "";
    } else {
      input = h("textarea", { name: field, rows: 2, spellcheck: "false" });
      input.value = JSON.stringify(value ?? null, null, 2);
    }
    this.fields.push({ name: field, type, input });
    return h("label", { class: input.type === "checkbox" ? "check" : "" }, h("span", { title: type }, field), input);
  }

  /** Builds the BotConfig and saves it; the bot's name on success, null (with the reason shown) otherwise. */
  private async submit(): Promise<string | null> {
    this.error.textContent = "";
    const name = this.name.value.trim();
    let config: Record<string, unknown>;
    try {
      config = this.config();
    } catch (error) {
      this.error.textContent = (error as Error).message;
      return null;
    }
    try {
      const reply = await api.saveBot(name, config);
      if (!reply.Success) {
        this.error.textContent = reply.Message;
        return null;
      }
      return name;
    } catch (error) {
      this.error.textContent = (error as Error).message;
      return null;
    }
  }

  private config(): Record<string, unknown> {
    let config: Record<string, unknown> = {};
    const extra = this.extra.value.trim();
    if (extra.length > 0) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(extra);
      } catch (error) {
        throw new Error(`Other settings are not JSON: ${(error as Error).message}`);
      }
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("Other settings must be a JSON object.");
      config = parsed as Record<string, unknown>;
    }
    for (const { name, type, input } of this.fields) {
      if (input instanceof HTMLInputElement && input.type === "checkbox") config[name] = input.checked;
      else if (input instanceof HTMLInputElement && input.type === "number") {
        if (input.value !== "") config[name] = Number(input.value);
      } else if (type === "System.String") config[name] = input.value;
      else {
        try {
          config[name] = JSON.parse(input.value);
        } catch {
          throw new Error(`${name} is not valid JSON.`);
        }
      }
    }
    return config;
  }
}
