// Slack's mrkdwn and plain_text, rendered to safe HTML.
// Supported: *bold*, _italic_, ~strike~, `code`, ```pre```, > quotes, line breaks, links <url|text>,
// <mailto:...|text>, user/channel mentions <@U…> <#C…|name>, <!here>-style specials, :emoji: shortcodes,
// and Slack's own escaping (&amp; &lt; &gt;). Everything else is text, HTML-escaped.

const EMOJI = {
  white_check_mark: "✅", heavy_check_mark: "✔️", check: "✔️", x: "❌", negative_squared_cross_mark: "❎",
  warning: "⚠️", bell: "🔔", no_bell: "🔕", speech_balloon: "💬", memo: "📝", pencil: "📝", pencil2: "✏️",
  paperclip: "📎", lock: "🔒", unlock: "🔓", tada: "🎉", wave: "👋", hourglass: "⌛",
  hourglass_flowing_sand: "⏳", mag: "🔍", mag_right: "🔎", ticket: "🎫", admission_tickets: "🎟️",
  inbox_tray: "📥", outbox_tray: "📤", eyes: "👀", thumbsup: "👍", "+1": "👍", thumbsdown: "👎",
  raised_hands: "🙌", information_source: "ℹ️", arrows_counterclockwise: "🔄", repeat: "🔁",
  rotating_light: "🚨", clipboard: "📋", file_folder: "📁", open_file_folder: "📂", page_facing_up: "📄",
  email: "📧", envelope: "✉️", phone: "☎️", telephone_receiver: "📞", calendar: "📅", date: "📅",
  clock3: "🕒", alarm_clock: "⏰", zzz: "💤", mute: "🔇", sound: "🔊", question: "❓", grey_question: "❔",
  exclamation: "❗", bulb: "💡", sparkles: "✨", robot_face: "🤖", point_right: "👉", point_down: "👇",
  large_green_circle: "🟢", large_yellow_circle: "🟡", large_orange_circle: "🟠", red_circle: "🔴",
  large_blue_circle: "🔵", white_circle: "⚪", black_circle: "⚫", construction: "🚧",
  hammer_and_wrench: "🛠️", wrench: "🔧", computer: "💻", link: "🔗", heavy_plus_sign: "➕",
  leftwards_arrow_with_hook: "↩️", arrow_right: "➡️", arrow_forward: "▶️", smile: "😄", smiley: "😃",
  slightly_smiling_face: "🙂", blush: "😊", pray: "🙏", ok_hand: "👌", hugging_face: "🤗",
  thinking_face: "🤔", package: "📦", key: "🔑", star: "⭐", fire: "🔥", rocket: "🚀", heart: "❤️",
  no_entry: "⛔", no_entry_sign: "🚫", stop_sign: "🛑", busts_in_silhouette: "👥", bust_in_silhouette: "👤",
  speaking_head_in_silhouette: "🗣️", mailbox_with_mail: "📬", incoming_envelope: "📨", card_index: "📇",
  spiral_note_pad: "🗒️", bookmark_tabs: "📑", checkered_flag: "🏁", house: "🏠", gear: "⚙️",
  hourglass_done: "⌛", muscle: "💪", raised_hand: "✋", handshake: "🤝", crossed_fingers: "🤞",
  bar_chart: "📊", chart_with_upwards_trend: "📈", new: "🆕", sos: "🆘", up: "🆙", ok: "🆗",
  green_heart: "💚", blue_heart: "💙", interrobang: "⁉️", mailbox: "📫", calling: "📲", iphone: "📱",
};

const ENTITY_OUT = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** HTML-escape a string. */
export function escapeHtml(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => ENTITY_OUT[c]);
}

/** Undo Slack's escaping (&amp; &lt; &gt;), which Slack requires inside mrkdwn. */
function unescapeSlack(text) {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/** Replace :shortcode: with the emoji (unknown codes stay as written). Input and output are HTML. */
export function emojify(html) {
  return html.replace(/:([a-z0-9_+\-]+):/gi, (whole, name) => EMOJI[name.toLowerCase()] ?? whole);
}

function safeUrl(url) {
  const trimmed = url.trim();
  return /^(https?:|mailto:|tel:)/i.test(trimmed) ? trimmed : null;
}

/** plain_text objects: escaped, with emoji unless emoji === false. */
export function plainText(text, emoji = true) {
  const html = escapeHtml(text).replace(/\n/g, "<br>");
  return emoji ? emojify(html) : html;
}

/** Render a Slack text object ({type, text, emoji?, verbatim?}) or a bare string (mrkdwn). */
export function renderText(obj) {
  if (obj == null) return "";
  if (typeof obj === "string") return mrkdwn(obj);
  if (obj.type === "plain_text") return plainText(obj.text, obj.emoji !== false);
  return mrkdwn(obj.text ?? "");
}

/** Slack mrkdwn to HTML. */
export function mrkdwn(source) {
  const slots = [];
  const hold = (html) => `\u0000${slots.push(html) - 1}\u0000`;
  let text = String(source ?? "");

  // ```preformatted``` first: nothing inside is formatted.
  text = text.replace(/```\n?([\s\S]*?)```/g, (_, body) =>
    hold(`<pre class="mrk-pre">${escapeHtml(unescapeSlack(body))}</pre>`));

  // Slack's control sequences <…>, written with literal angle brackets.
  text = text.replace(/<([^<>\n]+)>/g, (_, inner) => hold(controlSequence(inner)));

  // `inline code`
  text = text.replace(/`([^`\n]+)`/g, (_, body) => hold(`<code class="mrk-code">${escapeHtml(unescapeSlack(body))}</code>`));

  // The rest is text: unescape Slack's entities, then escape for HTML.
  let html = escapeHtml(unescapeSlack(text));

  // Bare URLs (Slack links them too)
  html = html.replace(/(^|[\s(])(https?:\/\/[^\s<)]+)/g, (_, pre, url) =>
    `${pre}${hold(`<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${escapeHtml(url)}</a>`)}`);

  const edge = "(^|[\\s(\\u0000>\"'\\[])";
  const end = "(?=$|[\\s).,!?:;'\"\\]\\u0000<])";
  html = html.replace(new RegExp(`${edge}\\*(?!\\s)([^*\\n]+?)\\*${end}`, "g"), "$1<strong>$2</strong>");
  html = html.replace(new RegExp(`${edge}_(?!\\s)([^_\\n]+?)_${end}`, "g"), "$1<em>$2</em>");
  html = html.replace(new RegExp(`${edge}~(?!\\s)([^~\\n]+?)~${end}`, "g"), "$1<del>$2</del>");

  html = emojify(html);

  // Block quotes: lines starting with "> " (escaped as &gt;)
  const lines = html.split("\n");
  const out = [];
  let quote = [];
  const flush = () => {
    if (quote.length) out.push(`<blockquote class="mrk-quote">${quote.join("<br>")}</blockquote>`);
    quote = [];
  };
  for (const line of lines) {
    const m = /^&gt;\s?(.*)$/.exec(line);
    if (m) { quote.push(m[1]); continue; }
    flush();
    out.push(line);
  }
  flush();
  html = out.join("\n").replace(/\n/g, "<br>").replace(/<\/blockquote><br>/g, "</blockquote>");

  // Put the held pieces back (they may nest: a link label held inside another slot is not possible).
  return html.replace(/\u0000(\d+)\u0000/g, (_, i) => slots[Number(i)]);
}

function controlSequence(inner) {
  const [target, ...rest] = inner.split("|");
  const label = rest.join("|");
  if (target.startsWith("@")) {
    return `<span class="mrk-mention">@${escapeHtml(label || target.slice(1))}</span>`;
  }
  if (target.startsWith("#")) {
    return `<span class="mrk-mention">#${escapeHtml(label || target.slice(1))}</span>`;
  }
  if (target.startsWith("!")) {
    const special = target.slice(1).split("^")[0];
    if (special === "date") return escapeHtml(unescapeSlack(label || ""));
    return `<span class="mrk-mention">@${escapeHtml(label || special)}</span>`;
  }
  const url = safeUrl(unescapeSlack(target));
  if (!url) return escapeHtml(unescapeSlack(`<${inner}>`));
  const shown = label ? emojify(escapeHtml(unescapeSlack(label))) : escapeHtml(url.replace(/^mailto:/, ""));
  return `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${shown}</a>`;
}
