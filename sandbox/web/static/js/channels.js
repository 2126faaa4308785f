// Channels beside the DM (docs/channels.md): the sidebar's places, the header of the one open, and what a person
// does on a channel message (react with the filing emoji, run the "File as a case" shortcut). Reactions show on
// every message, the bot's status reactions among them.
import { h } from "./blockkit.js";
import { emojify, escapeHtml } from "./mrkdwn.js";

const $ = (sel) => document.querySelector(sel);
const FILING_REACTION = "ticket";

export class Places {
  /** `onOpen(channel)`: the page switches to `channel` (null: the DM with the bot). */
  constructor(session, onOpen) {
    this.session = session;
    this.onOpen = onOpen;
    this.dmHeader = { title: $("#chat-title").innerHTML, sub: $("#chat-sub").textContent };
    this.dmItem = $("#nav-dm");
    this.dmItem.addEventListener("click", () => this.onOpen(null));
    const list = $("#channel-list");
    const channels = session.channels || [];
    list.hidden = channels.length === 0;
    this.items = new Map(channels.map((channel) => [channel.id, h("button", {
      type: "button", class: "nav-item", "data-channel": channel.id, onclick: () => this.onOpen(channel),
    }, h("span", { class: "nav-hash" }, "#"), channel.name)]));
    list.append(h("div", { class: "sidebar-label" }, "Channels"), ...this.items.values());
  }

  /** Mark `channel` (null: the DM) as the open place and show its header. */
  show(channel) {
    this.dmItem.classList.toggle("active", !channel);
    for (const [id, item] of this.items) item.classList.toggle("active", channel?.id === id);
    const bot = this.session.bot.name;
    $("#chat-title").innerHTML = channel ? `# ${escapeHtml(channel.name)}` : this.dmHeader.title;
    $("#chat-sub").textContent = channel
      ? `Ask for help here. React with 🎫, choose “File as a case” on a message, or mention @${bot}.`
      : this.dmHeader.sub;
    $("#chat-avatar").hidden = Boolean(channel);
    $("#chat-tabs").hidden = Boolean(channel);
    $("#attach-button").hidden = Boolean(channel);
    $("#empty-conversation").classList.toggle("in-channel", Boolean(channel));
    $("#composer-input").placeholder = channel ? `Message #${channel.name}` : `Message ${bot}`;
  }
}

/** The reactions under a message: one chip per emoji with its count (whoever reacted, the bot too). */
export function reactionRow(message) {
  const reactions = message.reactions || [];
  if (!reactions.length) return null;
  return h("div", { class: "msg-reactions" }, ...reactions.map((r) => h("span", {
    class: "reaction", title: `:${r.name}: ${(r.users || []).join(", ")}`, "data-reaction": r.name,
  }, h("span", { html: emojify(`:${escapeHtml(r.name)}:`) }), h("span", { class: "reaction-count" }, String(r.count ?? (r.users || []).length)))));
}

/** A person's message in a channel: react with the filing emoji, or run the message shortcut. */
export function channelActions(message, act) {
  if (message.ephemeral || message.bot_id) return [];
  return [
    h("button", { type: "button", class: "msg-reply msg-action", title: "React with :ticket:",
                  onclick: () => act("reactions", { ts: message.ts, name: FILING_REACTION }) }, "🎫 React"),
    h("button", { type: "button", class: "msg-reply msg-action", title: "Message shortcut",
                  onclick: () => act("shortcut", { ts: message.ts }) }, "File as a case"),
  ];
}
