// A few DOM helpers: every page builds its elements with h() and never assigns HTML strings, so nothing the node
// sends (bot names, log lines, command output) can become markup.

type Child = Node | string | null | undefined | false;
type Attributes = Record<string, string | number | boolean | EventListener | undefined>;

/** Creates an element: h("button", { class: "primary", onclick: go }, "Start"). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === "function") element.addEventListener(name.replace(/^on/, ""), value);
    else if (value === true) element.setAttribute(name, "");
    else element.setAttribute(name, String(value));
  }
  append(element, ...children);
  return element;
}

const svgNamespace = "http://www.w3.org/2000/svg";

/** Creates an SVG element with its attributes. */
export function svg(tag: string, attributes: Record<string, string | number> = {}): SVGElement {
  const element = document.createElementNS(svgNamespace, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
}

export function append(parent: Element, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child);
  }
}

/** Replaces every child of parent. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** A page of the console: mounted into the main area when its tab opens, unmounted (timers, sockets stopped) when it closes. */
export interface Page {
  readonly title: string;
  mount(main: HTMLElement): void;
  unmount(): void;
}

let toastArea: HTMLElement | null = null;

/** A short message in the corner: what an action did, or why it failed. */
export function toast(message: string, kind: "ok" | "error" = "ok"): void {
  if (!toastArea) {
    toastArea = h("div", { class: "toasts", role: "status", "aria-live": "polite" });
    document.body.append(toastArea);
  }
  const item = h("div", { class: `toast ${kind}` }, message);
  toastArea.append(item);
  setTimeout(() => item.remove(), kind === "error" ? 8000 : 4000);
}

/** A modal dialog that resolves true when confirmed. */
export function confirmDialog(title: string, text: string, action: string): Promise<boolean> {
  return new Promise((resolve) => {
    const dialog = h("dialog", { class: "confirm", "aria-label": title });
    const close = (confirmed: boolean) => {
      dialog.close();
      dialog.remove();
      resolve(confirmed);
    };
    append(
      dialog,
      h("h2", {}, title),
      h("p", {}, text),
      h(
        "div",
        { class: "actions" },
        h("button", { type: "button", onclick: () => close(false) }, "Cancel"),
        h("button", { type: "button", class: "danger", onclick: () => close(true) }, action),
      ),
    );
    dialog.addEventListener("cancel", () => close(false));
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** "3 h 12 min", "45 s": how long since a moment. */
export function since(iso: string, now = Date.now()): string {
  let seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  const days = Math.floor(seconds / 86400);
  seconds -= days * 86400;
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${minutes} min`;
  if (minutes > 0) return `${minutes} min ${seconds} s`;
  return `${seconds} s`;
}

/** Runs tick now and then every interval ms, never overlapping itself; the returned function stops it. */
export function every(interval: number, tick: () => Promise<void>): () => void {
  let stopped = false;
  let timer: number | undefined;
  const run = async () => {
    try {
      await tick();
    } catch (error) {
      // A page shows its own errors; one that escapes must not stop the ticking.
      console.warn(error);
    } finally {
      if (!stopped) timer = window.setTimeout(run, interval);
    }
  };
  void run();
  return () => {
    stopped = true;
    window.clearTimeout(timer);
  };
}
