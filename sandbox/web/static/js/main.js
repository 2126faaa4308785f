// The sandbox page: pick an employee, talk to the bot in a Slack-like DM or ask in a channel beside it
// (channels.js), see its App Home, and watch notifications arrive live (Server-Sent Events). The agent console
// lives in agent.js.
import { h, renderBlocks } from "./blockkit.js";
import { mrkdwn, plainText } from "./mrkdwn.js";
import { ModalLayer } from "./modal.js";
import { toast } from "./dialogs.js";
import { AgentConsole } from "./agent.js";
import { Places, channelActions, reactionRow } from "./channels.js";

const $ = (sel) => document.querySelector(sel);

/** fetch JSON; throws Error(message) with the server's error text on failure. */
export async function api(path, { method = "GET", body } = {}) {
  // Every change is sent as JSON (the sandbox refuses anything else: no cross-site form can send it).
  const json = method === "GET" ? undefined : JSON.stringify(body ?? {});
  const response = await fetch(path, {
    method,
    headers: json === undefined ? {} : { "Content-Type": "application/json" },
    body: json,
  });
  let data = null;
  try { data = await response.json(); } catch { /* empty body */ }
  if (!response.ok || data?.ok === false) {
    throw new Error(data?.error ?? `${method} ${path} failed (${response.status})`);
  }
  return data;
}

function readFile(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(",", 2)[1] ?? "");
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

async function encodeFile(file) {
  return { name: file.name, mimetype: file.type || "application/octet-stream", content_base64: await readFile(file) };
}

function initials(name) {
  return (name || "?").split(/\s+/).map((p) => p[0]).join("").slice(0, 2).toUpperCase();
}

const AVATAR_COLORS = ["#2bac76", "#e8912d", "#1264a3", "#cd2553", "#7c3085", "#0b7a75", "#2d9ee0"];

/** A stable colour per person, as Slack gives default avatars. */
function avatarColor(id) {
  let hash = 0;
  for (const ch of String(id)) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return AVATAR_COLORS[hash % AVATAR_COLORS.length];
}

function formatTime(ts) {
  const seconds = Number(String(ts).split(".")[0]);
  if (!seconds) return "";
  return new Date(seconds * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

function formatSize(bytes) {
  if (bytes == null) return "";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

class SandboxPage {
  constructor() {
    this.session = null;
    this.userId = null;
    this.channel = null;           // the channel open ({id, name}), null: the DM with the bot
    this.employees = new Map();
    this.conversation = [];
    this.rendered = new Map();     // ts -> {key, el}
    this.home = null;
    this.tab = "messages";
    this.pendingFiles = [];
    this.stream = null;
    this.refreshing = null;
    this.refreshAgain = false;
    this.waitingForBot = false;
    this.modals = new ModalLayer($("#modal-root"), {
      onAction: (action, view) => this.act(action, { view_id: view.id }),
      onSubmit: (view, values) => this.submitView(view, values),
      onClose: (view) => this.closeView(view),
      upload: (file) => this.upload(file),
    });
    this.agent = new AgentConsole($("#agent"), api);
  }

  async start() {
    this.session = await api("/api/session");
    document.title = this.session.title;
    $("#workspace-name").textContent = this.session.title;
    $("#bot-name").textContent = this.session.bot.name;
    $("#bot-name-side").textContent = this.session.bot.name;
    $("#composer-input").placeholder = `Message ${this.session.bot.name}`;
    const select = $("#employee-select");
    for (const employee of this.session.employees) {
      this.employees.set(employee.id, employee);
      select.append(h("option", { value: employee.id }, `${employee.name}`));
    }
    const wanted = new URLSearchParams(location.search).get("as");
    const fromStorage = localStorage.getItem("concierge-sandbox-user");
    const first = [wanted, fromStorage].find((id) => id && this.employees.has(id)) ?? this.session.employees[0]?.id;
    select.value = first;
    select.addEventListener("change", () => this.switchUser(select.value));
    this.places = new Places(this.session, (channel) => this.openPlace(channel));
    this.bindComposer();
    this.bindTabs();
    this.bindCaseLinks();
    if (this.session.agent.enabled) this.agent.start(this.session.agent);
    else this.agent.disable();
    await this.switchUser(first);
  }

  /** Links to a case record in Salesforce (the emulator has no record pages) open it in the agent console. */
  bindCaseLinks() {
    const instance = this.session.salesforce?.instance_url;
    if (!instance || !this.session.agent.enabled) return;
    const origin = new URL(instance).origin;
    document.addEventListener("click", (event) => {
      const link = event.target.closest?.("#messages a[href], #home a[href]");
      if (!link) return;
      const url = new URL(link.href, location.href);
      const match = /\/(?:lightning\/r\/Case\/)?(500[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?)(?:\/view)?\/?$/.exec(url.pathname);
      if (url.origin !== origin || !match) return;
      event.preventDefault();
      this.agent.openCase(match[1]);
    });
  }

  // ---- identity ---------------------------------------------------------------------------------------
  async switchUser(userId) {
    this.userId = userId;
    if (this.replyTo) this.replyInThread(null);
    localStorage.setItem("concierge-sandbox-user", userId);
    const employee = this.employees.get(userId);
    $("#me-avatar").textContent = initials(employee.name);
    $("#me-avatar").style.background = avatarColor(userId);
    $("#me-name").textContent = employee.name;
    $("#me-email").textContent = employee.email;
    $("#me-note").textContent = employee.note ?? "";
    $("#me-note").hidden = !employee.note;
    this.rendered.clear();
    $("#messages").replaceChildren();
    this.home = null;
    this.connectStream();
    await this.refresh();
    if (this.tab === "home") this.openHome();
    $("#composer-input").focus();
  }

  /** Show `channel` (null: the DM) in the main pane. */
  async openPlace(channel) {
    this.channel = channel;
    this.places.show(channel);
    if (this.replyTo) this.replyInThread(null);
    if (channel && this.tab !== "messages") this.showTab("messages");
    this.rendered.clear();
    $("#messages").replaceChildren();
    await this.refresh();
    $("#composer-input").focus();
  }

  /** Where the open place's state and messages are read and sent. */
  placePath(what) {
    const user = `/api/users/${encodeURIComponent(this.userId)}`;
    if (what === "state") return `${user}/state${this.channel ? `?channel=${encodeURIComponent(this.channel.id)}` : ""}`;
    return this.channel ? `${user}/channels/${encodeURIComponent(this.channel.id)}/${what}` : `${user}/${what}`;
  }

  /** A reaction or the message shortcut on a channel message. */
  async channelAct(what, body) {
    try {
      await api(this.placePath(what), { method: "POST", body });
      this.refresh();
    } catch (error) {
      toast(error.message);
    }
  }

  connectStream() {
    if (this.stream) this.stream.close();
    const stream = new EventSource(`/api/stream?user=${encodeURIComponent(this.userId)}&agent=1`);
    stream.addEventListener("change", (event) => {
      const change = JSON.parse(event.data);
      if (change.kind === "cases") this.agent.refreshSoon();
      else this.refresh();
      if (change.kind === "conversation") this.agent.refreshSoon();
    });
    stream.addEventListener("hello", () => {
      $("#live").classList.add("live-on");
      this.refresh();      // catch up on anything missed while disconnected
    });
    stream.onerror = () => $("#live").classList.remove("live-on");
    this.stream = stream;
  }

  // ---- state --------------------------------------------------------------------------------------------
  async refresh() {
    if (this.refreshing) { this.refreshAgain = true; return this.refreshing; }
    this.refreshing = (async () => {
      do {
        this.refreshAgain = false;
        const userId = this.userId;
        const channel = this.channel;
        try {
          const state = await api(this.placePath("state"));
          if (userId !== this.userId || channel !== this.channel) continue;
          this.renderConversation(state.conversation || []);
          if ((state.views || []).length > (this.viewCount ?? 0)) this.setTyping(false);  // a modal opened
          this.viewCount = (state.views || []).length;
          this.modals.update(state.views || []);
          this.renderHome(state.home);
        } catch (error) {
          toast(error.message);
        }
      } while (this.refreshAgain);
    })();
    try { await this.refreshing; } finally { this.refreshing = null; }
  }

  // ---- conversation -----------------------------------------------------------------------------------
  renderConversation(messages) {
    const list = $("#messages");
    const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 120;
    const seen = new Set();
    let previous = null;
    let lastFromBot = null;
    messages.forEach((message, index) => {
      const id = `${message.ts}${message.ephemeral ? ":e" : ""}:${index}`;
      seen.add(id);
      const fromBot = Boolean(message.bot_id || message.is_bot || message.from_bot);
      if (fromBot) lastFromBot = message;
      const compact = previous && previous.fromBot === fromBot && !message.ephemeral &&
        Number(message.ts) - Number(previous.ts) < 300;
      const key = JSON.stringify([message, compact]);
      let entry = this.rendered.get(id);
      if (!entry || entry.key !== key) {
        const el = this.messageElement(message, fromBot, compact);
        if (entry) entry.el.replaceWith(el);
        entry = { key, el };
        this.rendered.set(id, entry);
      }
      if (entry.el.parentNode !== list || list.children[index] !== entry.el) {
        list.insertBefore(entry.el, list.children[index] ?? null);
      }
      previous = { fromBot, ts: message.ts };
    });
    for (const [id, entry] of this.rendered) {
      if (!seen.has(id)) { entry.el.remove(); this.rendered.delete(id); }
    }
    $("#empty-conversation").hidden = messages.length > 0;
    if (this.waitingForBot && lastFromBot && Number(lastFromBot.ts) >= this.waitingSince) this.setTyping(false);
    if (nearBottom || this.forceScroll) { list.scrollTop = list.scrollHeight; this.forceScroll = false; }
    this.conversation = messages;
  }

  messageElement(message, fromBot, compact) {
    const employee = this.employees.get(message.user);
    const name = fromBot ? (message.username || this.session.bot.name) : (employee?.name ?? message.user ?? "Someone");
    const body = h("div", { class: "msg-body" });
    if (!compact) {
      body.append(h("div", { class: "msg-meta" },
        h("span", { class: "msg-author" }, name),
        fromBot ? h("span", { class: "app-badge" }, "APP") : null,
        h("time", { class: "msg-time" }, formatTime(message.ts)),
        message.ephemeral ? h("span", { class: "msg-ephemeral" }, "Only visible to you") : null));
    }
    const ctx = { surface: "message", onAction: (action) => this.act(action, { message_ts: message.ts }) };
    if (message.blocks?.length) body.append(renderBlocks(message.blocks, ctx));
    else if (message.text) body.append(h("div", { class: "msg-text", html: mrkdwn(message.text) }));
    for (const attachment of message.attachments || []) {
      body.append(h("div", { class: "msg-attachment", style: attachment.color ? `border-color:${attachment.color.startsWith("#") ? attachment.color : "#" + attachment.color}` : null },
        attachment.blocks ? renderBlocks(attachment.blocks, ctx) : h("div", { html: mrkdwn(attachment.text || attachment.fallback || "") })));
    }
    for (const file of message.files || []) {
      body.append(h("div", { class: "msg-file" }, h("span", { class: "file-icon" }, "📄"),
        h("span", { class: "file-name" }, file.name || file.title || "file"),
        h("span", { class: "file-size" }, formatSize(file.size))));
    }
    if (message.edited) body.append(h("span", { class: "msg-edited" }, "(edited)"));
    const reactions = reactionRow(message);
    if (reactions) body.append(reactions);
    const reply = message.thread_ts && message.thread_ts !== message.ts;
    if (reply) body.prepend(h("div", { class: "msg-thread-label" },
      message.subtype === "thread_broadcast" ? "↳ replied in a thread (also sent here)" : "↳ in a thread"));
    if (!message.ephemeral) {
      const root = reply ? message.thread_ts : message.ts;
      body.append(h("div", { class: "msg-actions" },
        h("button", { type: "button", class: "msg-reply", onclick: () => this.replyInThread(root) },
          message.reply_count ? `Reply in thread (${message.reply_count})` : "Reply in thread"),
        ...(this.channel ? channelActions(message, (what, b) => this.channelAct(what, b)) : [])));
    }
    const avatar = compact ? h("div", { class: "avatar avatar-spacer" }, h("time", { class: "msg-time-hover" }, formatTime(message.ts)))
      : h("div", { class: `avatar ${fromBot ? "avatar-bot" : "avatar-user"}`,
                   style: fromBot ? null : `background:${avatarColor(message.user)}` }, fromBot ? "C" : initials(name));
    const threaded = message.thread_ts && message.thread_ts !== message.ts ? " msg-in-thread" : "";
    return h("div", { class: `msg${compact ? " msg-compact" : ""}${message.ephemeral ? " msg-ephemeral-row" : ""}${threaded}`,
                      "data-ts": message.ts, "data-from": fromBot ? "bot" : "user" }, avatar, body);
  }

  setTyping(on) {
    this.waitingForBot = on;
    if (on) this.waitingSince = Date.now() / 1000 - 1;
    $("#typing").hidden = !on;
    clearTimeout(this.typingTimer);
    if (on) this.typingTimer = setTimeout(() => this.setTyping(false), 10000);
  }

  // ---- composer -------------------------------------------------------------------------------------
  bindComposer() {
    const input = $("#composer-input");
    const fileInput = $("#file-input");
    $("#attach-button").addEventListener("click", () => fileInput.click());
    fileInput.addEventListener("change", () => {
      this.pendingFiles.push(...fileInput.files);
      fileInput.value = "";
      this.renderPendingFiles();
      input.focus();
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.send();
      }
    });
    input.addEventListener("input", () => {
      input.style.height = "auto";
      input.style.height = `${Math.min(input.scrollHeight, 160)}px`;
      const hint = $("#command-hint");
      hint.hidden = !input.value.startsWith("/") || input.value.includes(" ");
    });
    $("#composer").addEventListener("submit", (event) => { event.preventDefault(); this.send(); });
    for (const chip of document.querySelectorAll("[data-example]")) {
      chip.addEventListener("click", () => { input.value = chip.dataset.example; input.focus(); $("#command-hint").hidden = true; });
    }
  }

  renderPendingFiles() {
    const box = $("#attachments");
    box.replaceChildren(...this.pendingFiles.map((file, i) => h("span", { class: "chip" },
      `📄 ${file.name} · ${formatSize(file.size)}`,
      h("button", { type: "button", class: "chip-remove", "aria-label": `Remove ${file.name}`,
                    onclick: () => { this.pendingFiles.splice(i, 1); this.renderPendingFiles(); } }, "✕"))));
    box.hidden = this.pendingFiles.length === 0;
  }

  /** The composer's next message goes into the thread of `ts` (null: the conversation itself). */
  replyInThread(ts) {
    this.replyTo = ts;
    let banner = $("#thread-banner");
    if (!banner) {
      banner = h("div", { id: "thread-banner", class: "thread-banner" });
      $("#composer").prepend(banner);
    }
    banner.replaceChildren(`Replying in the thread of the ${formatTime(ts)} message `,
      h("button", { type: "button", class: "chip-remove", "aria-label": "Back to the conversation",
                    onclick: () => this.replyInThread(null) }, "✕"));
    banner.hidden = !ts;
    $("#composer-input").focus();
  }

  async send() {
    const input = $("#composer-input");
    const text = input.value;
    if (!text.trim() && !this.pendingFiles.length) return;
    if (this.channel && this.pendingFiles.length) { toast("Share files in the DM with the bot."); return; }
    const files = await Promise.all(this.pendingFiles.map(encodeFile));
    const saved = { text, pending: this.pendingFiles };
    input.value = "";
    input.style.height = "auto";
    $("#command-hint").hidden = true;
    this.pendingFiles = [];
    this.renderPendingFiles();
    this.forceScroll = true;
    this.setTyping(!this.channel);            // in a channel the bot answers only what is filed
    try {
      const body = this.replyTo ? { text, files, thread_ts: this.replyTo } : { text, files };
      await api(this.placePath("messages"), { method: "POST", body });
    } catch (error) {
      this.setTyping(false);
      input.value = saved.text;           // lose nothing: put it back
      this.pendingFiles = saved.pending;
      this.renderPendingFiles();
      toast(error.message);
    }
  }

  // ---- interactivity ---------------------------------------------------------------------------------
  async act(action, container) {
    try {
      await api(`/api/users/${encodeURIComponent(this.userId)}/actions`, { method: "POST", body: { action, ...container } });
      if (container.message_ts) this.setTyping(true);
      this.refresh();
    } catch (error) {
      toast(error.message);
    }
  }

  async submitView(view, values) {
    try {
      const result = await api(`/api/users/${encodeURIComponent(this.userId)}/views/${encodeURIComponent(view.id)}/submit`,
        { method: "POST", body: { values } });
      await this.refresh();
      return result.response;
    } catch (error) {
      toast(error.message);
      return null;
    }
  }

  async closeView(view) {
    try {
      await api(`/api/users/${encodeURIComponent(this.userId)}/views/${encodeURIComponent(view.id)}/close`, { method: "POST" });
    } catch (error) {
      toast(error.message);
    }
    await this.refresh();
  }

  async upload(file) {
    const result = await api(`/api/users/${encodeURIComponent(this.userId)}/files`, { method: "POST", body: await encodeFile(file) });
    return result.file;
  }

  // ---- App Home ---------------------------------------------------------------------------------------
  bindTabs() {
    $("#tab-messages").addEventListener("click", () => this.showTab("messages"));
    $("#tab-home").addEventListener("click", () => this.showTab("home"));
  }

  showTab(tab) {
    this.tab = tab;
    $("#tab-messages").setAttribute("aria-selected", String(tab === "messages"));
    $("#tab-home").setAttribute("aria-selected", String(tab === "home"));
    $("#messages-pane").hidden = tab !== "messages";
    $("#home-pane").hidden = tab !== "home";
    if (tab === "home") this.openHome();
    else $("#composer-input").focus();
  }

  async openHome() {
    try {
      await api(`/api/users/${encodeURIComponent(this.userId)}/home`, { method: "POST" });
    } catch (error) {
      toast(error.message);
    }
  }

  renderHome(home) {
    const key = JSON.stringify(home ?? null);
    if (key === this.homeKey) return;
    this.homeKey = key;
    const pane = $("#home");
    if (!home) {
      pane.replaceChildren(h("div", { class: "empty" }, "Nothing here yet: the bot publishes its Home tab when you open it."));
      return;
    }
    pane.replaceChildren(renderBlocks(home.blocks, {
      surface: "home", onAction: (action) => this.act(action, { view_id: home.id }),
    }));
  }
}

const page = new SandboxPage();
window.sandbox = page;   // handy in the browser console
page.start().catch((error) => {
  document.body.prepend(h("div", { class: "fatal" }, `The sandbox page could not start: ${error.message}`));
});

export { plainText };
