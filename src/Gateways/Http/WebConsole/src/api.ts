// The IPC API as the console uses it: typed responses, the password on every call, and errors that say which screen
// to show (401 sign in, 403 banned or refused, 503 no owner) apart from errors a page shows itself.

/** ASF's envelope around every /Api answer. */
export interface Envelope<T> {
  Message: string;
  Result: T | null;
  Success: boolean;
}

export type BotState = "Stopped" | "Running" | "Paused" | "Failed";

export interface Bot {
  Name: string;
  State: BotState;
  StatusText: string;
  BotConfig: Record<string, unknown> | null;
  ConfigError: string | null;
  ResumesAt: string | null;
  Reports: Record<string, string>;
}

export interface Member {
  NodeName: string;
  Version: string;
  StartedAt: string;
  Self: boolean;
  Bots: number;
  BotNames: string[];
  Shards: number[];
  Plugins: string[];
  /** Commands run through that node's router since it started (absent on nodes older than the console). */
  Commands?: number;
}

export interface NodeInfo {
  NodeName: string;
  Version: string;
  StartedAt: string;
  UptimeSeconds: number;
  MemoryUsage: number;
  WorkingSet: number;
  Bots: number;
  Plugins: number;
  CommandsAllowed: boolean;
  Members: Member[];
}

export interface PluginMethod {
  Name: string;
  FullName: string;
  InputType: string;
  OutputType: string;
  Serial: boolean;
  Url: string;
}

export interface Plugin {
  Name: string;
  Version: string;
  BuiltIn: boolean;
  Commands: { Name: string; Help: string }[];
  Methods: PluginMethod[];
}

export interface MethodCall {
  Method: string;
  ResultCode: string;
  Output: unknown;
  Text: string;
}

/** One line of the streamed command endpoint: a piece of text, or the result that ends the stream. */
export type ConsoleLine =
  | { Text: string; Color: number }
  | { ResultCode: string; Code: number; Success: boolean };

/** How a failed call should be shown: on a screen of its own, or by the page that made it. */
export type Failure = "signIn" | "forbidden" | "noOwner" | "unreachable" | "page";

/** A call that did not succeed: its HTTP status (0 when the node could not be reached) and ASF's message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown = null,
  ) {
    super(message);
  }

  /** 503 because the node has no owner (OwnerId 0), as opposed to a busy node or a broken link. */
  get noOwner(): boolean {
    return this.status === 503 && /OwnerId/i.test(this.message);
  }

  get failure(): Failure {
    if (this.status === 0) return "unreachable";
    if (this.status === 401) return "signIn";
    if (this.status === 403) return "forbidden";
    if (this.noOwner) return "noOwner";
    return "page";
  }
}

const storageKey = "actorrpc.password";

/** The password lives in the browser only: localStorage when remembered, sessionStorage for this tab otherwise. */
export const password = {
  get(): string | null {
    return sessionStorage.getItem(storageKey) ?? localStorage.getItem(storageKey);
  },
  set(value: string, remember: boolean): void {
    this.clear();
    (remember ? localStorage : sessionStorage).setItem(storageKey, value);
  },
  clear(): void {
    sessionStorage.removeItem(storageKey);
    localStorage.removeItem(storageKey);
  },
};

/** Called with every error that needs a screen of its own (set by the app). */
let onScreenFailure: (error: ApiError) => void = () => {};

export function handleScreenFailures(handler: (error: ApiError) => void): void {
  onScreenFailure = handler;
}

function headers(json: boolean): Headers {
  const result = new Headers({ Accept: "application/json" });
  const secret = password.get();
  if (secret !== null) result.set("Authentication", secret);
  if (json) result.set("Content-Type", "application/json");
  return result;
}

async function send(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
  const init: RequestInit = { method, headers: headers(body !== undefined), cache: "no-store" };
  if (body !== undefined) init.body = JSON.stringify(body);
  if (signal) init.signal = signal;
  try {
    return await fetch(path, init);
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, `The node did not answer (${String(error)}).`);
  }
}

async function fail(response: Response): Promise<ApiError> {
  let body: unknown = null;
  let message = `${response.status} ${response.statusText}`;
  try {
    body = await response.json();
    const envelope = body as Partial<Envelope<unknown>>;
    if (typeof envelope.Message === "string" && envelope.Message.length > 0) message = envelope.Message;
  } catch {
    // Not JSON (e.g. a proxy's page): the status line says enough.
  }
  const error = new ApiError(response.status, message, body);
  if (error.failure !== "page") onScreenFailure(error);
  return error;
}

/** Calls the API and returns the envelope's Result; throws ApiError unless the status is 2xx. */
export async function call<T>(method: string, path: string, body?: unknown): Promise<Envelope<T>> {
  const response = await send(method, path, body);
  if (!response.ok) throw await fail(response);
  return (await response.json()) as Envelope<T>;
}

export const api = {
  node: () => call<NodeInfo>("GET", "/Api/ASF"),
  bots: () => call<Record<string, Bot>>("GET", "/Api/Bot/ASF"),
  saveBot: (name: string, config: Record<string, unknown>) =>
    call<Record<string, boolean>>("POST", `/Api/Bot/${encodeURIComponent(name)}`, { BotConfig: config }),
  deleteBot: (name: string) => call<Record<string, boolean>>("DELETE", `/Api/Bot/${encodeURIComponent(name)}`),
  lifecycle: (name: string, verb: "Start" | "Stop" | "Pause" | "Resume") =>
    call<Record<string, boolean>>("POST", `/Api/Bot/${encodeURIComponent(name)}/${verb}`, verb === "Pause" ? {} : undefined),
  structure: (type: string) => call<Record<string, unknown>>("GET", `/Api/Structure/${encodeURIComponent(type)}`),
  type: (type: string) =>
    call<{ Body: Record<string, string>; Properties: { BaseType: string | null } }>("GET", `/Api/Type/${encodeURIComponent(type)}`),
  plugins: () => call<Plugin[]>("GET", "/Api/Plugins"),
};

/**
 * Calls an RPC method. Unlike the other calls, a result code that is not CR_OK still carries a result (400, 404, 500,
 * 503 with {Method, ResultCode, Output, Text}), so it is returned with its status rather than thrown.
 */
export async function callMethod(url: string, input: unknown): Promise<{ status: number; envelope: Envelope<MethodCall> }> {
  const response = await send("POST", url, input);
  if (response.ok) return { status: response.status, envelope: (await response.json()) as Envelope<MethodCall> };
  const error = await fail(response);
  const envelope = error.body as Envelope<MethodCall> | null;
  if (envelope && envelope.Result && typeof envelope.Result.ResultCode === "string") return { status: response.status, envelope };
  throw error;
}

/**
 * Runs a command through the streamed endpoint: each piece of text reaches onLine as the command writes it, and the
 * promise ends with the result line. Errors before the command starts (400, 401, 503 ...) throw ApiError.
 */
export async function runCommand(command: string, onLine: (line: ConsoleLine) => void, signal?: AbortSignal): Promise<ConsoleLine> {
  const response = await send("POST", "/Api/WWW/Command", { Command: command }, signal);
  if (!response.ok) throw await fail(response);
  if (!response.body) throw new ApiError(response.status, "The node answered without a body.");
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let pending = "";
  let result: ConsoleLine | null = null;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    pending += value;
    let end: number;
    while ((end = pending.indexOf("\n")) >= 0) {
      const text = pending.slice(0, end).trim();
      pending = pending.slice(end + 1);
      if (text.length === 0) continue;
      const line = JSON.parse(text) as ConsoleLine;
      if ("ResultCode" in line) result = line;
      else onLine(line);
    }
  }
  if (!result) throw new ApiError(response.status, "The command's stream ended before its result (the connection was cut).");
  return result;
}

/** The URL of the live log's WebSocket on this node (a browser cannot set headers on it: the password goes in the query). */
export function logSocketUrl(): string {
  const url = new URL("/Api/Log", location.href);
  url.protocol = location.protocol === "https:" ? "wss:" : "ws:";
  const secret = password.get();
  if (secret !== null) url.searchParams.set("password", secret);
  return url.toString();
}
