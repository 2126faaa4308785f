// Modals (views.open / views.update / views.push): the top of the user's view stack, with Slack's
// required-field check, submit and close, and errors from `response_action: "errors"`.
import { h, renderBlocks, readInputControl, isEmptyValue } from "./blockkit.js";
import { plainText } from "./mrkdwn.js";

export class ModalLayer {
  /**
   * @param {HTMLElement} root
   * @param {{onAction: Function, onSubmit: Function, onClose: Function, upload: Function}} handlers
   *   onSubmit(view, values) -> Promise<response|null>; onClose(view) -> Promise; upload(File) -> Promise<file>
   */
  constructor(root, handlers) {
    this.root = root;
    this.handlers = handlers;
    this.shown = null;   // {id, hash} of the view on screen
    this.errors = {};
  }

  /** Show the top of `views` (or nothing). Re-renders only when the view changed. */
  update(views) {
    const top = views?.length ? views[views.length - 1] : null;
    if (!top) {
      this.root.replaceChildren();
      this.shown = null;
      this.errors = {};
      return;
    }
    const key = `${top.id}:${top.hash ?? ""}:${JSON.stringify(top.blocks ?? []).length}:${views.length}`;
    if (this.shown?.key === key) return;
    if (this.shown?.id !== top.id) this.errors = {};
    this.shown = { id: top.id, key };
    this.render(top, views.length);
  }

  render(view, depth) {
    const form = h("form", { class: "dialog modal", role: "dialog", "aria-modal": "true",
                             "aria-labelledby": "modal-title", "data-view-id": view.id,
                             "data-callback-id": view.callback_id ?? "" });
    const busy = (on) => form.querySelectorAll("button").forEach((b) => { b.disabled = on; });
    const closeText = view.close?.text ?? (view.submit ? "Cancel" : "Close");
    form.append(
      h("div", { class: "dialog-header" },
        depth > 1 ? h("span", { class: "modal-depth", title: "Pushed view" }, "‹") : null,
        h("h2", { id: "modal-title", html: plainText(view.title?.text ?? "") }),
        h("button", { type: "button", class: "icon-button", "aria-label": "Close", onclick: () => this.close(view, busy) }, "✕")),
      h("div", { class: "dialog-body" }, renderBlocks(view.blocks, {
        surface: "modal", errors: this.errors,
        onAction: (action) => this.handlers.onAction(action, view),
      })),
      h("div", { class: "dialog-footer" },
        h("button", { type: "button", class: "bk-button", "data-role": "close", onclick: () => this.close(view, busy) }, plainText(closeText)),
        view.submit ? h("button", { type: "submit", class: "bk-button bk-primary", "data-role": "submit", html: plainText(view.submit.text) }) : null));
    form.addEventListener("submit", (event) => { event.preventDefault(); this.submit(view, form, busy); });
    form.addEventListener("keydown", (event) => { if (event.key === "Escape") this.close(view, busy); });
    const overlay = h("div", { class: "overlay modal-overlay" }, form);
    this.root.replaceChildren(overlay);
    const first = form.querySelector("input:not([type=file]), textarea, select");
    if (first) first.focus();
  }

  async submit(view, form, busy) {
    const values = {};
    const missing = {};
    for (const control of form.querySelectorAll(".bk-input-control")) {
      const { blockId, actionId, optional } = control.dataset;
      const value = await readInputControl(control, this.handlers.upload);
      (values[blockId] ??= {})[actionId] = value;
      if (!optional && isEmptyValue(value)) missing[blockId] = "Please complete this required field.";
    }
    if (Object.keys(missing).length) {
      this.showErrors(form, missing);
      return;
    }
    busy(true);
    try {
      const response = await this.handlers.onSubmit(view, values);
      if (response?.response_action === "errors") {
        this.showErrors(form, response.errors || {});
      }
    } finally {
      busy(false);
    }
  }

  showErrors(form, errors) {
    this.errors = errors;
    for (const block of form.querySelectorAll(".bk-input-block")) {
      const blockId = block.querySelector(".bk-input-control")?.dataset.blockId;
      const message = errors[blockId];
      block.classList.toggle("bk-has-error", Boolean(message));
      block.querySelector(".bk-error").textContent = message ?? "";
    }
  }

  async close(view, busy) {
    busy(true);
    try {
      await this.handlers.onClose(view);
    } finally {
      busy(false);
    }
  }
}
