// Block Kit to DOM: the blocks and elements a Slack client shows in messages, modals and App Home.
//
// renderBlocks(blocks, ctx) returns a <div class="bk-blocks">. ctx:
//   surface   "message" | "modal" | "home"
//   onAction(action) -> Promise   called with a block_actions action ({action_id, block_id, type, value, ...})
//   errors    {block_id: message} to show under input blocks (response_action: "errors")
// Input blocks render form controls marked with data-block-id / data-action-id / data-kind, which
// modal.js collects into view.state.values.

import { escapeHtml, plainText, renderText } from "./mrkdwn.js";
import { confirmDialog } from "./dialogs.js";

/** Create an element: h("div", {class: "x", onclick: fn}, child, "text", …). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value == null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "html") el.innerHTML = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

function textEl(tag, obj, cls) {
  return h(tag, { class: cls, html: renderText(obj) });
}

export function renderBlocks(blocks, ctx = {}) {
  const root = h("div", { class: "bk-blocks" });
  (blocks || []).forEach((block, index) => {
    const blockId = block.block_id ?? `b${index}`;
    const el = renderBlock(block, blockId, ctx);
    if (el) {
      el.dataset.blockId = blockId;
      el.dataset.blockType = block.type;
      root.append(el);
    }
  });
  return root;
}

function renderBlock(block, blockId, ctx) {
  switch (block.type) {
    case "section": return renderSection(block, blockId, ctx);
    case "divider": return h("hr", { class: "bk-divider" });
    case "header": return h("div", { class: "bk-header", html: plainText(block.text?.text ?? "") });
    case "context": return renderContext(block);
    case "actions": return renderActions(block, blockId, ctx);
    case "image": return renderImageBlock(block);
    case "input": return renderInput(block, blockId, ctx);
    case "rich_text": return renderRichText(block);
    case "file": return h("div", { class: "bk-context" }, `📄 Remote file ${block.external_id ?? ""}`);
    default: return h("div", { class: "bk-unknown" }, `[unsupported block: ${block.type}]`);
  }
}

function renderSection(block, blockId, ctx) {
  const body = h("div", { class: "bk-section-body" });
  if (block.text) body.append(textEl("div", block.text, "bk-text"));
  if (block.fields?.length) {
    body.append(h("div", { class: "bk-fields" }, block.fields.map((f) => textEl("div", f, "bk-field"))));
  }
  const section = h("div", { class: "bk-section" }, body);
  if (block.accessory) {
    section.append(h("div", { class: "bk-accessory" }, renderElement(block.accessory, blockId, ctx)));
  }
  return section;
}

function renderContext(block) {
  return h("div", { class: "bk-context" }, (block.elements || []).map((el) => {
    if (el.type === "image") return h("img", { class: "bk-context-image", src: el.image_url, alt: el.alt_text ?? "" });
    return h("span", { class: "bk-context-text", html: renderText(el) });
  }));
}

function renderActions(block, blockId, ctx) {
  return h("div", { class: "bk-actions" }, (block.elements || []).map((el) => renderElement(el, blockId, ctx)));
}

function renderImageBlock(block) {
  return h("figure", { class: "bk-image" },
    block.title ? h("figcaption", { html: plainText(block.title.text) }) : null,
    h("img", { src: block.image_url, alt: block.alt_text ?? "" }));
}

function renderRichText(block) {
  // A small subset: sections of text/link/emoji elements, lists, quotes, preformatted.
  const inline = (els) => (els || []).map((e) => {
    if (e.type === "link") return h("a", { href: e.url, target: "_blank", rel: "noopener" }, e.text || e.url);
    if (e.type === "emoji") return h("span", { html: renderText({ type: "plain_text", text: `:${e.name}:` }) });
    if (e.type === "user") return h("span", { class: "mrk-mention" }, `@${e.user_id}`);
    const node = h("span", {}, e.text ?? "");
    if (e.style?.bold) node.style.fontWeight = "700";
    if (e.style?.italic) node.style.fontStyle = "italic";
    if (e.style?.code) node.className = "mrk-code";
    return node;
  });
  return h("div", { class: "bk-rich" }, (block.elements || []).map((part) => {
    if (part.type === "rich_text_list") {
      return h(part.style === "ordered" ? "ol" : "ul", {}, (part.elements || []).map((s) => h("li", {}, inline(s.elements))));
    }
    if (part.type === "rich_text_preformatted") return h("pre", { class: "mrk-pre" }, inline(part.elements));
    if (part.type === "rich_text_quote") return h("blockquote", { class: "mrk-quote" }, inline(part.elements));
    return h("div", { class: "bk-text" }, inline(part.elements));
  }));
}

// ---- interactive elements ---------------------------------------------------------------------------

function optionText(option) {
  return option?.text?.text ?? option?.value ?? "";
}

function plainOption(option) {
  // What Slack sends back for a selected option: text + value (+ description when present).
  const out = { text: option.text, value: option.value };
  if (option.description) out.description = option.description;
  return out;
}

function allOptions(el) {
  if (el.option_groups) return el.option_groups.flatMap((g) => g.options || []);
  return el.options || [];
}

async function fire(ctx, action, confirm, button) {
  if (confirm) {
    const ok = await confirmDialog(confirm);
    if (!ok) return;
  }
  if (!ctx.onAction) return;
  if (button) button.classList.add("bk-busy");
  try {
    await ctx.onAction(action);
  } finally {
    if (button) button.classList.remove("bk-busy");
  }
}

export function renderElement(el, blockId, ctx) {
  const base = { action_id: el.action_id, block_id: blockId, type: el.type };
  switch (el.type) {
    case "button": {
      const cls = ["bk-button", el.style ? `bk-${el.style}` : ""].join(" ").trim();
      const button = h("button", { class: cls, type: "button", "data-action-id": el.action_id ?? "" });
      button.innerHTML = plainText(el.text?.text ?? "");
      button.addEventListener("click", () => {
        if (el.url) window.open(el.url, "_blank", "noopener");
        fire(ctx, { ...base, value: el.value, text: el.text }, el.confirm, button);
      });
      return button;
    }
    case "static_select":
    case "external_select":
    case "users_select":
    case "conversations_select":
    case "channels_select": {
      const select = selectFor(el);
      select.addEventListener("change", () => {
        const option = allOptions(el).find((o) => o.value === select.value);
        if (option) fire(ctx, { ...base, selected_option: plainOption(option) }, el.confirm);
      });
      return select;
    }
    case "overflow": {
      const select = h("select", { class: "bk-overflow", "aria-label": "More actions" },
        h("option", { value: "", selected: true, disabled: true }, "⋯"),
        (el.options || []).map((o) => h("option", { value: o.value }, optionText(o))));
      select.addEventListener("change", () => {
        const option = (el.options || []).find((o) => o.value === select.value);
        select.value = "";
        if (option) fire(ctx, { ...base, selected_option: plainOption(option) }, el.confirm);
      });
      return select;
    }
    case "datepicker": {
      const input = h("input", { type: "date", class: "bk-input", value: el.initial_date ?? "" });
      input.addEventListener("change", () => fire(ctx, { ...base, selected_date: input.value }, el.confirm));
      return input;
    }
    case "image":
      return h("img", { class: "bk-accessory-image", src: el.image_url, alt: el.alt_text ?? "" });
    case "radio_buttons":
    case "checkboxes":
      return choiceGroup(el, blockId, (values) => fire(ctx, { ...base, ...values }));
    default:
      return h("span", { class: "bk-unknown" }, `[${el.type}]`);
  }
}

function selectFor(el, { multiple = false } = {}) {
  const select = h("select", { class: "bk-select", multiple });
  if (!multiple) {
    select.append(h("option", { value: "", disabled: true, selected: !el.initial_option },
      el.placeholder?.text ?? "Select an option"));
  }
  const initial = new Set([el.initial_option?.value, ...(el.initial_options || []).map((o) => o.value)]);
  const addOptions = (parent, options) => options.forEach((o) =>
    parent.append(h("option", { value: o.value, selected: initial.has(o.value) }, optionText(o))));
  if (el.option_groups) {
    for (const group of el.option_groups) {
      const og = h("optgroup", { label: group.label?.text ?? "" });
      addOptions(og, group.options || []);
      select.append(og);
    }
  } else {
    addOptions(select, el.options || []);
  }
  return select;
}

function choiceGroup(el, blockId, onChange) {
  const multiple = el.type === "checkboxes";
  const name = `${blockId}:${el.action_id}`;
  const initial = new Set([el.initial_option?.value, ...(el.initial_options || []).map((o) => o.value)]);
  const group = h("div", { class: "bk-choices", role: multiple ? "group" : "radiogroup" });
  for (const option of el.options || []) {
    const input = h("input", { type: multiple ? "checkbox" : "radio", name, value: option.value,
                               checked: initial.has(option.value) });
    if (onChange) {
      input.addEventListener("change", () => {
        const chosen = (el.options || []).filter((o) =>
          group.querySelector(`input[value="${CSS.escape(o.value)}"]`)?.checked).map(plainOption);
        onChange(multiple ? { selected_options: chosen } : { selected_option: chosen[0] ?? null });
      });
    }
    group.append(h("label", { class: "bk-choice" }, input,
      h("span", { class: "bk-choice-text" },
        h("span", { html: renderText(option.text) }),
        option.description ? h("span", { class: "bk-choice-desc", html: renderText(option.description) }) : null)));
  }
  return group;
}

// ---- input blocks (modals) --------------------------------------------------------------------------

function renderInput(block, blockId, ctx) {
  const el = block.element || {};
  const label = h("label", { class: "bk-input-label" }, h("span", { html: plainText(block.label?.text ?? "") }),
    block.optional ? h("span", { class: "bk-optional" }, " (optional)") : null);
  const control = renderInputControl(el, blockId);
  control.dataset.blockId = blockId;
  control.dataset.actionId = el.action_id ?? "";
  control.dataset.kind = el.type;
  control.dataset.optional = block.optional ? "1" : "";
  control.classList.add("bk-input-control");
  const error = ctx.errors?.[blockId];
  return h("div", { class: `bk-input-block${error ? " bk-has-error" : ""}` },
    label, control,
    block.hint ? h("div", { class: "bk-hint", html: renderText(block.hint) }) : null,
    h("div", { class: "bk-error", role: "alert" }, error ?? ""));
}

function renderInputControl(el, blockId) {
  switch (el.type) {
    case "plain_text_input":
    case "email_text_input":
    case "url_text_input":
    case "number_input": {
      const attrs = { class: "bk-input", placeholder: el.placeholder?.text ?? "",
                      maxlength: el.max_length ?? null, minlength: el.min_length ?? null };
      if (el.multiline) {
        const area = h("textarea", { ...attrs, rows: 4 });
        area.value = el.initial_value ?? "";
        return area;
      }
      const type = { email_text_input: "email", url_text_input: "url", number_input: "number" }[el.type] ?? "text";
      const input = h("input", { ...attrs, type });
      input.value = el.initial_value ?? "";
      return input;
    }
    case "static_select":
      return selectFor(el);
    case "multi_static_select":
      return selectFor(el, { multiple: true });
    case "radio_buttons":
    case "checkboxes":
      return choiceGroup(el, blockId, null);
    case "datepicker":
      return h("input", { type: "date", class: "bk-input", value: el.initial_date ?? "" });
    case "file_input": {
      const accept = (el.filetypes || []).map((t) => `.${t}`).join(",") || null;
      const wrap = h("div", { class: "bk-file-input" });
      const input = h("input", { type: "file", multiple: (el.max_files ?? 10) > 1, accept });
      wrap.append(input, h("div", { class: "bk-hint" }, el.max_files ? `Up to ${el.max_files} file(s)` : ""));
      return wrap;
    }
    default:
      return h("div", { class: "bk-unknown" }, `[${el.type}]`);
  }
}

/** Read one input control into Slack's state.values entry. `upload(file)` returns a Slack file object. */
export async function readInputControl(control, upload) {
  const kind = control.dataset.kind;
  switch (kind) {
    case "plain_text_input":
    case "email_text_input":
    case "url_text_input":
    case "number_input": {
      const value = control.value;
      return { type: kind, value: value === "" ? null : value };
    }
    case "static_select": {
      const option = control.selectedOptions[0];
      const ok = option && option.value !== "";
      return { type: kind, selected_option: ok ? { text: { type: "plain_text", text: option.textContent, emoji: true }, value: option.value } : null };
    }
    case "multi_static_select":
      return { type: kind, selected_options: [...control.selectedOptions].map((o) => ({ text: { type: "plain_text", text: o.textContent, emoji: true }, value: o.value })) };
    case "radio_buttons":
    case "checkboxes": {
      const chosen = [...control.querySelectorAll("input:checked")].map((input) => ({
        text: { type: "plain_text", text: input.closest("label").querySelector(".bk-choice-text span").textContent, emoji: true },
        value: input.value,
      }));
      return kind === "radio_buttons" ? { type: kind, selected_option: chosen[0] ?? null } : { type: kind, selected_options: chosen };
    }
    case "datepicker":
      return { type: kind, selected_date: control.value || null };
    case "file_input": {
      const input = control.querySelector("input[type=file]");
      const files = [];
      for (const file of input.files) files.push(await upload(file));
      return { type: kind, files };
    }
    default:
      return { type: kind };
  }
}

/** Is the control empty (for required-field checks)? */
export function isEmptyValue(value) {
  if (!value) return true;
  if ("value" in value) return value.value == null || String(value.value).trim() === "";
  if ("selected_option" in value) return !value.selected_option;
  if ("selected_options" in value) return !value.selected_options?.length;
  if ("files" in value) return !value.files?.length;
  if ("selected_date" in value) return !value.selected_date;
  return false;
}

export { escapeHtml };
