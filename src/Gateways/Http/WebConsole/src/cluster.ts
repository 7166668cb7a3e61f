// Cluster: the members, what each hosts (bots, shards, plugins), and a live chart of the commands per second each
// node runs, derived from the running totals that GET /Api/ASF reports once a second.

import { api, ApiError, type Member } from "./api.js";
import { every, h, replace, since, svg, toast, type Page } from "./dom.js";

/** How many samples (seconds) the chart keeps. */
const samples = 60;
const palette = ["#4fc3f7", "#aed581", "#ffb74d", "#f06292", "#ba68c8", "#4db6ac", "#e57373", "#fff176"];

interface Series {
  color: string;
  /** Commands per second, oldest first. */
  rates: number[];
  lastTotal: number | null;
  lastAt: number;
}

export class ClusterPage implements Page {
  readonly title = "Cluster";
  private members = h("div", { class: "members", "data-test": "members" });
  private chart = h("div", { class: "chart", "data-test": "chart" });
  private legend = h("div", { class: "legend" });
  private heading = h("span", { class: "muted" });
  private series = new Map<string, Series>();
  private stop: () => void = () => {};

  mount(main: HTMLElement): void {
    replace(
      main,
      h("div", { class: "toolbar" }, h("h1", {}, "Cluster"), this.heading),
      h("section", { class: "panel" }, h("h2", {}, "Commands per second"), this.chart, this.legend),
      this.members,
    );
    this.stop = every(1000, () => this.refresh());
  }

  unmount(): void {
    this.stop();
  }

  private async refresh(): Promise<void> {
    let members: Member[];
    try {
      members = (await api.node()).Result?.Members ?? [];
    } catch (error) {
      if (error instanceof ApiError && error.failure === "page") toast(error.message, "error");
      return;
    }
    const now = performance.now();
    for (const member of members) this.sample(member, now);
    for (const name of [...this.series.keys()]) if (!members.some((m) => m.NodeName === name)) this.series.delete(name);
    const shards = members.reduce((sum, m) => sum + m.Shards.length, 0);
    this.heading.textContent =
      members.length > 1 ? `${members.length} nodes · ${shards} shards` : "a lone node (start others with --cluster to form a cluster)";
    replace(this.members, ...members.map((m) => this.card(m)));
    this.draw();
  }

  private sample(member: Member, now: number): void {
    let series = this.series.get(member.NodeName);
    if (!series) {
      series = { color: palette[this.series.size % palette.length]!, rates: [], lastTotal: null, lastAt: now };
      this.series.set(member.NodeName, series);
    }
    const total = member.Commands ?? 0;
    if (series.lastTotal !== null) {
      const seconds = Math.max(0.001, (now - series.lastAt) / 1000);
      // A restarted node starts counting from 0 again: a negative step is a restart, not negative work.
      series.rates.push(Math.max(0, total - series.lastTotal) / seconds);
      if (series.rates.length > samples) series.rates.shift();
    }
    series.lastTotal = total;
    series.lastAt = now;
  }

  private card(member: Member): HTMLElement {
    const series = this.series.get(member.NodeName);
    const rate = series?.rates[series.rates.length - 1];
    const bots = member.BotNames.slice(0, 40);
    return h(
      "article",
      { class: "member", "data-node": member.NodeName },
      h(
        "header",
        {},
        h("span", { class: "swatch", "data-color": series?.color ?? "" }),
        h("h3", {}, member.NodeName),
        member.Self ? h("span", { class: "tag" }, "this node") : null,
      ),
      h(
        "dl",
        { class: "facts" },
        h("dt", {}, "Version"),
        h("dd", {}, member.Version),
        h("dt", {}, "Up"),
        h("dd", {}, since(member.StartedAt)),
        h("dt", {}, "Commands/s"),
        h("dd", { "data-test": "rate" }, rate === undefined ? "…" : rate.toFixed(1)),
        h("dt", {}, "Shards"),
        h("dd", {}, member.Shards.length > 0 ? `${member.Shards.length}: ${ranges(member.Shards)}` : "—"),
        h("dt", {}, "Plugins"),
        h("dd", {}, member.Plugins.join(", ") || "—"),
        h("dt", {}, `Bots (${member.Bots})`),
        h(
          "dd",
          { class: "chips" },
          ...bots.map((name) => h("span", { class: "chip" }, name)),
          member.BotNames.length > bots.length ? h("span", { class: "muted" }, `and ${member.BotNames.length - bots.length} more`) : null,
          member.BotNames.length === 0 ? "—" : null,
        ),
      ),
    );
  }

  /** One polyline per node over the last minute, on a scale rounded up to a readable number. */
  private draw(): void {
    const width = 600;
    const height = 160;
    const top = Math.max(1, ...[...this.series.values()].flatMap((s) => s.rates));
    const scale = niceCeiling(top);
    const graph = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "Commands per second per node, last minute", preserveAspectRatio: "none" });
    for (const fraction of [0.25, 0.5, 0.75]) {
      graph.append(svg("line", { x1: 0, x2: width, y1: height * fraction, y2: height * fraction, class: "gridline" }));
    }
    for (const [name, series] of this.series) {
      if (series.rates.length === 0) continue;
      const step = width / (samples - 1);
      const offset = samples - series.rates.length;
      const points = series.rates.map((rate, i) => `${((offset + i) * step).toFixed(1)},${(height - (rate / scale) * (height - 4) - 2).toFixed(1)}`);
      const line = svg("polyline", { points: points.join(" "), fill: "none", stroke: series.color, "stroke-width": 2, "data-node": name, "data-samples": series.rates.length });
      graph.append(line);
    }
    replace(this.chart, graph, h("span", { class: "scale" }, `${scale} /s`));
    replace(
      this.legend,
      ...[...this.series].map(([name, s]) => {
        const swatch = h("span", { class: "swatch" });
        swatch.style.background = s.color;
        return h("span", { class: "item" }, swatch, name);
      }),
    );
    for (const swatch of this.members.querySelectorAll<HTMLElement>(".swatch[data-color]")) swatch.style.background = swatch.dataset["color"] ?? "";
  }
}

/** 0-20,40-42 for [0..20, 40, 41, 42]. */
function ranges(values: number[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < values.length) {
    let j = i;
    while (j + 1 < values.length && values[j + 1] === values[j]! + 1) j++;
    parts.push(j > i ? `${values[i]}-${values[j]}` : `${values[i]}`);
    i = j + 1;
  }
  return parts.join(",");
}

/** The smallest of 1, 2, 5 × 10^n at or above value. */
function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}
