// The agent console: every case in Salesforce, as a support agent sees it (acting through the REST API
// with the agent's own OAuth client). Post a public comment, or reply by email, by feed post or with a file;
// change the status, close; write and publish a Knowledge article (articles.js).
import { ArticleForm } from "./articles.js";
import { h } from "./blockkit.js";
import { toast } from "./dialogs.js";

const STATE_CLASS = {
  "New": "st-new", "In Progress": "st-progress", "Escalated": "st-progress", "On Hold": "st-progress",
  "Reopened": "st-progress", "Waiting for user response": "st-waiting", "Waiting for customer response": "st-waiting",
  "Resolved": "st-resolved", "Closed": "st-closed", "Closed - By User": "st-closed",
};

function when(iso) {
  if (!iso) return "";
  const date = new Date(iso.replace(/\+0000$/, "Z"));
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString([], { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}

function statusBadge(status) {
  return h("span", { class: `status ${STATE_CLASS[status] ?? "st-progress"}` }, status ?? "—");
}

export class AgentConsole {
  constructor(root, api) {
    this.root = root;
    this.api = api;
    this.cases = [];
    this.selected = null;       // case Id
    this.detail = null;
    this.filter = "open";
    this.statuses = [];
    this.timer = null;
    this.loading = false;
    this.enabled = false;
    this.articles = new ArticleForm(root.querySelector("#agent-article"), api);
  }

  disable() {
    this.enabled = false;
    this.root.querySelector("#agent-body").replaceChildren(h("div", { class: "empty" }, "The agent console is not connected to Salesforce."));
  }

  async start(agent) {
    this.enabled = true;
    this.root.querySelector("#agent-name").textContent = agent.name ?? "Support agent";
    this.root.querySelector("#agent-filter-open").addEventListener("click", () => this.setFilter("open"));
    this.root.querySelector("#agent-filter-all").addEventListener("click", () => this.setFilter("all"));
    this.root.querySelector("#agent-refresh").addEventListener("click", () => this.refresh());
    this.root.querySelector("#agent-new-article").addEventListener("click", () => this.newArticle());
    this.root.querySelector("#agent-search").addEventListener("input", () => this.renderList());
    try {
      this.statuses = (await this.api("/api/agent/statuses")).statuses;
    } catch (error) {
      toast(`Agent console: ${error.message}`);
    }
    await this.refresh();
    // Cases also change behind the console's back (the bot files and closes them): keep up.
    this.timer = setInterval(() => { if (!document.hidden) this.refresh(); }, 3000);
  }

  setFilter(filter) {
    this.filter = filter;
    this.root.querySelector("#agent-filter-open").setAttribute("aria-pressed", String(filter === "open"));
    this.root.querySelector("#agent-filter-all").setAttribute("aria-pressed", String(filter === "all"));
    this.refresh();
  }

  refreshSoon() {
    if (!this.enabled) return;
    clearTimeout(this.soon);
    this.soon = setTimeout(() => this.refresh(), 300);
  }

  async refresh() {
    if (this.loading || !this.enabled) return;
    this.loading = true;
    try {
      const query = this.filter === "open" ? "?open=1" : "";
      this.cases = (await this.api(`/api/agent/cases${query}`)).cases;
      this.renderList();
      if (this.selected) await this.loadDetail(this.selected, { quiet: true });
    } catch (error) {
      this.root.querySelector("#agent-status-line").textContent = error.message;
    } finally {
      this.loading = false;
    }
  }

  renderList() {
    const needle = this.root.querySelector("#agent-search").value.trim().toLowerCase();
    const shown = this.cases.filter((c) => !needle ||
      [c.number, c.subject, c.contact, c.contact_email, c.status].some((v) => String(v ?? "").toLowerCase().includes(needle)));
    const list = this.root.querySelector("#agent-cases");
    list.replaceChildren(...shown.map((c) => h("li", {},
      h("button", { type: "button", class: `case-row${c.id === this.selected ? " selected" : ""}`,
                    "data-case-id": c.id, "data-case-number": c.number, onclick: () => this.select(c.id) },
        h("div", { class: "case-row-top" }, h("span", { class: "case-number" }, c.number), statusBadge(c.status)),
        h("div", { class: "case-subject" }, c.subject || "(no subject)"),
        h("div", { class: "case-meta" }, `${c.contact ?? "No contact"} · ${c.origin ?? ""} · ${when(c.modified)}`)))));
    if (!shown.length) list.append(h("li", { class: "empty" }, needle ? "No case matches." : "No cases."));
    this.root.querySelector("#agent-status-line").textContent =
      `${this.cases.length} ${this.filter === "open" ? "open " : ""}case${this.cases.length === 1 ? "" : "s"} · live`;
  }

  /** Show a case (e.g. from a link in the DM), whatever the list's filter. */
  async openCase(caseId) {
    await this.select(caseId);
    const pane = this.root.querySelector("#agent-detail");
    pane.classList.remove("flash");
    void pane.offsetWidth;
    pane.classList.add("flash");
  }

  newArticle() {
    this.selected = null;
    this.detail = null;
    this.renderList();
    this.renderDetail();
    this.articles.open();
  }

  async select(caseId) {
    this.articles.close();
    this.selected = caseId;
    this.renderList();
    await this.loadDetail(caseId);
  }

  async loadDetail(caseId, { quiet = false } = {}) {
    try {
      const { case: detail } = await this.api(`/api/agent/cases/${encodeURIComponent(caseId)}`);
      if (this.selected !== caseId) return;
      const key = JSON.stringify(detail);
      if (quiet && key === this.detailKey) return;
      this.detailKey = key;
      this.detail = detail;
      this.renderDetail();
    } catch (error) {
      if (!quiet) toast(error.message);
    }
  }

  renderDetail() {
    const c = this.detail;
    const pane = this.root.querySelector("#agent-detail");
    if (!c) { pane.hidden = true; return; }
    pane.hidden = false;
    // Keep what the agent is typing across live refreshes.
    const typed = pane.querySelector("#agent-comment")?.value ?? "";
    const statusSelect = h("select", { id: "agent-status-select", class: "bk-select", "aria-label": "Status" },
      this.statuses.map((s) => h("option", { value: s.value, selected: s.value === c.status }, s.label)));
    const comment = h("textarea", { id: "agent-comment", class: "bk-input", rows: 3, placeholder: "Write a public comment to the employee…" });
    comment.value = typed;
    const isPublic = h("input", { type: "checkbox", id: "agent-comment-public", checked: true });
    const channel = h("select", { id: "agent-reply-channel", class: "bk-select", "aria-label": "Reply as" },
      [["comment", "Case comment"], ["email", "Email"], ["feed", "Feed post"], ["file", "File only"]]
        .map(([value, label]) => h("option", { value }, label)));
    const fileInput = h("input", { type: "file", id: "agent-reply-file", "aria-label": "Attach a file" });
    pane.replaceChildren(
      h("div", { class: "detail-head" },
        h("button", { type: "button", class: "link-button", onclick: () => { this.selected = null; this.detail = null; this.renderList(); this.renderDetail(); } }, "← All cases"),
        h("div", { class: "detail-title" }, h("span", { class: "case-number" }, c.number), " ", c.subject),
        h("div", { class: "detail-grid" },
          h("span", {}, "Contact"), h("span", {}, `${c.contact ?? "—"}${c.contact_email ? ` <${c.contact_email}>` : ""}`),
          h("span", {}, "Status"), h("span", {}, statusBadge(c.status)),
          h("span", {}, "Type"), h("span", {}, c.type ?? "—"),
          h("span", {}, "Priority"), h("span", {}, c.priority ?? "—"),
          h("span", {}, "Origin"), h("span", {}, c.origin ?? "—"),
          h("span", {}, "Owner"), h("span", {}, c.owner ?? "—"))),
      c.description ? h("div", { class: "detail-description" }, c.description) : null,
      h("div", { class: "detail-actions" },
        statusSelect,
        h("button", { type: "button", class: "bk-button", id: "agent-apply-status",
                      onclick: () => this.run(`/status`, { status: statusSelect.value }) }, "Set status"),
        h("button", { type: "button", class: "bk-button bk-danger", id: "agent-close-case", disabled: c.closed,
                      onclick: () => this.run(`/close`, {}) }, "Close case")),
      (c.milestones ?? []).length ? h("h3", { class: "detail-sub" },
        `Milestones (${c.milestones.filter((m) => !m.completed).length} open)${c.stopped ? " · clock stopped" : ""}`) : null,
      (c.milestones ?? []).length ? h("ol", { class: "comments milestones" }, c.milestones.map((m) => h("li", { class: "comment" },
        h("div", { class: "comment-meta" }, h("strong", {}, m.name), " · due ", when(m.target),
          m.completed ? h("span", { class: "private-tag" }, `completed ${when(m.completed_at)}`)
            : m.violated ? h("span", { class: "private-tag" }, "violated") : null),
        m.completed ? null : h("button", { type: "button", class: "bk-button", "data-milestone": m.id,
          onclick: () => this.run(`/milestones/${encodeURIComponent(m.id)}/complete`, {}) }, "Mark complete")))) : null,
      h("h3", { class: "detail-sub" }, `Comments (${c.comments.length})`),
      h("ol", { class: "comments" }, c.comments.map((m) => h("li", { class: `comment${m.public ? "" : " comment-private"}` },
        h("div", { class: "comment-meta" }, h("strong", {}, m.author ?? "Someone"), " · ", when(m.created),
          m.public ? null : h("span", { class: "private-tag" }, "work note")),
        h("div", { class: "comment-body" }, m.body)))),
      h("form", { class: "comment-form", onsubmit: (event) => {
        event.preventDefault();
        const done = () => { comment.value = ""; fileInput.value = ""; };
        const chosen = fileInput.files?.[0];
        if (channel.value === "comment" && !chosen) {
          this.run(`/comments`, { body: comment.value, public: isPublic.checked }, done);
          return;
        }
        const send = (file) => this.run(`/replies`, {
          channel: channel.value === "comment" ? "file" : channel.value, body: comment.value,
          public: isPublic.checked, file }, done);
        if (!chosen) { send(null); return; }
        const reader = new FileReader();
        reader.onload = () => send({ name: chosen.name, content_base64: String(reader.result).split(",")[1] ?? "" });
        reader.readAsDataURL(chosen);
      } },
        comment,
        h("div", { class: "comment-form-row" },
          channel, fileInput,
          h("label", { class: "inline-check" }, isPublic, " Public (the employee is notified)"),
          h("button", { type: "submit", class: "bk-button bk-primary", id: "agent-post-comment" }, "Post comment"))));
  }

  async run(suffix, body, onDone) {
    const buttons = this.root.querySelectorAll("#agent-detail button");
    buttons.forEach((b) => { b.disabled = true; });
    try {
      const result = await this.api(`/api/agent/cases/${encodeURIComponent(this.selected)}${suffix}`, { method: "POST", body });
      onDone?.();
      this.detail = result.case;
      this.detailKey = JSON.stringify(result.case);
      this.renderDetail();
      toast(suffix === "/comments" ? "Comment posted" : suffix === "/replies" ? "Reply sent" : suffix.startsWith("/milestones/") ? "Milestone completed" : `Case ${result.case.number}: ${result.case.status}`, "info");
      this.refresh();
    } catch (error) {
      toast(error.message);
      this.renderDetail();
    }
  }
}
