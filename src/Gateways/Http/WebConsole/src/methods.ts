// Methods: the loaded plugins and their RPC methods; pick one, edit its input as JSON (prefilled from the input
// message's structure), call it, read the JSON output, the result code and the text it wrote.

import { api, ApiError, callMethod, type Plugin, type PluginMethod } from "./api.js";
import { h, replace, toast, type Page } from "./dom.js";

export class MethodsPage implements Page {
  readonly title = "Methods";
  private list = h("nav", { class: "methods", "aria-label": "RPC methods" });
  private detail = h("section", { class: "method" });

  mount(main: HTMLElement): void {
    replace(
      main,
      h("div", { class: "toolbar" }, h("h1", {}, "Methods"), h("span", { class: "muted" }, "plugins' RPC methods, called over POST /Api/Plugins/{plugin}/{method}")),
      h("div", { class: "split" }, this.list, this.detail),
    );
    replace(this.detail, h("p", { class: "muted" }, "Choose a method."));
    void this.load();
  }

  unmount(): void {}

  private async load(): Promise<void> {
    let plugins: Plugin[];
    try {
      plugins = (await api.plugins()).Result ?? [];
    } catch (error) {
      if (error instanceof ApiError && error.failure === "page") toast(error.message, "error");
      return;
    }
    const groups = plugins
      .filter((p) => p.Methods.length > 0)
      .map((plugin) =>
        h(
          "div",
          { class: "plugin" },
          h("h3", {}, plugin.Name, h("span", { class: "muted" }, ` ${plugin.Version}${plugin.BuiltIn ? " · built in" : ""}`)),
          h(
            "ul",
            {},
            ...plugin.Methods.map((method) =>
              h("li", {}, h("button", { type: "button", class: "link", "data-method": method.FullName, onclick: (e: Event) => void this.open(method, e.currentTarget as HTMLElement) }, method.Name)),
            ),
          ),
        ),
      );
    replace(this.list, ...(groups.length > 0 ? groups : [h("p", { class: "muted" }, "No plugin exports an RPC method.")]));
  }

  private async open(method: PluginMethod, button: HTMLElement): Promise<void> {
    for (const other of this.list.querySelectorAll("button.selected")) other.classList.remove("selected");
    button.classList.add("selected");
    const input = h("textarea", { class: "json", rows: 6, spellcheck: "false", "aria-label": "Input (JSON)", "data-test": "method-input" });
    const result = h("div", { class: "result", "data-test": "method-result" });
    const call = h("button", { type: "button", class: "primary", "data-test": "call" }, "Call");
    const run = () => void this.call(method, input, result, call);
    call.addEventListener("click", run);
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        run();
      }
    });
    replace(
      this.detail,
      h("h2", {}, method.FullName),
      h(
        "dl",
        { class: "facts" },
        h("dt", {}, "Input"),
        h("dd", {}, method.InputType),
        h("dt", {}, "Output"),
        h("dd", {}, method.OutputType),
        h("dt", {}, "Calls"),
        h("dd", {}, method.Serial ? "one at a time" : "concurrent"),
        h("dt", {}, "URL"),
        h("dd", {}, h("code", {}, `POST ${method.Url}`)),
      ),
      h("label", { class: "wide" }, h("span", {}, "Input (JSON, protobuf's JSON mapping) · Ctrl+Enter calls"), input),
      h("div", { class: "actions" }, call),
      result,
    );
    try {
      input.value = JSON.stringify((await api.structure(method.InputType)).Result ?? {}, null, 2);
    } catch {
      input.value = "{}";
    }
  }

  private async call(method: PluginMethod, input: HTMLTextAreaElement, result: HTMLElement, button: HTMLButtonElement): Promise<void> {
    let body: unknown;
    try {
      body = input.value.trim().length === 0 ? {} : JSON.parse(input.value);
    } catch (error) {
      replace(result, h("p", { class: "error" }, `The input is not JSON: ${(error as Error).message}`));
      return;
    }
    button.disabled = true;
    replace(result, h("p", { class: "muted" }, "Calling…"));
    const started = performance.now();
    try {
      const { status, envelope } = await callMethod(method.Url, body);
      const elapsed = performance.now() - started;
      const call = envelope.Result!;
      replace(
        result,
        h(
          "div",
          { class: "outcome" },
          h("span", { class: `code-badge ${call.ResultCode === "CR_OK" ? "ok" : "failed"}`, "data-test": "result-code" }, call.ResultCode),
          h("span", { class: "muted" }, `HTTP ${status} · ${elapsed.toFixed(1)} ms`),
          envelope.Success ? null : h("span", { class: "error" }, envelope.Message),
        ),
        h("h3", {}, "Output"),
        h("pre", { class: "json", "data-test": "method-output" }, call.Output === null ? "null" : JSON.stringify(call.Output, null, 2)),
        call.Text.length > 0 ? h("h3", {}, "Text") : null,
        call.Text.length > 0 ? h("pre", { class: "text" }, call.Text) : null,
      );
    } catch (error) {
      const message = error instanceof ApiError && error.status > 0 ? `${error.status}: ${error.message}` : (error as Error).message;
      replace(result, h("p", { class: "error" }, message));
    } finally {
      button.disabled = false;
    }
  }
}
