// Small dialogs: Block Kit confirmation objects and toasts.
import { plainText, renderText } from "./mrkdwn.js";

/** Show a Block Kit `confirm` object; resolves true when confirmed. */
export function confirmDialog(confirm) {
  return new Promise((resolve) => {
    const root = document.getElementById("confirm-root");
    const backdrop = document.createElement("div");
    backdrop.className = "overlay confirm-overlay";
    const danger = confirm.style === "danger";
    backdrop.innerHTML = `
      <div class="dialog confirm-dialog" role="alertdialog" aria-modal="true" aria-labelledby="confirm-title">
        <div class="dialog-header"><h2 id="confirm-title">${plainText(confirm.title?.text ?? "Are you sure?")}</h2></div>
        <div class="dialog-body">${renderText(confirm.text ?? "")}</div>
        <div class="dialog-footer">
          <button type="button" class="bk-button" data-role="deny">${plainText(confirm.deny?.text ?? "Cancel")}</button>
          <button type="button" class="bk-button ${danger ? "bk-danger" : "bk-primary"}" data-role="confirm">${plainText(confirm.confirm?.text ?? "Yes")}</button>
        </div>
      </div>`;
    const done = (answer) => {
      backdrop.remove();
      document.removeEventListener("keydown", onKey);
      resolve(answer);
    };
    const onKey = (event) => { if (event.key === "Escape") done(false); };
    backdrop.querySelector('[data-role="deny"]').addEventListener("click", () => done(false));
    backdrop.querySelector('[data-role="confirm"]').addEventListener("click", () => done(true));
    backdrop.addEventListener("click", (event) => { if (event.target === backdrop) done(false); });
    document.addEventListener("keydown", onKey);
    root.append(backdrop);
    backdrop.querySelector('[data-role="confirm"]').focus();
  });
}

/** A short message in the corner. kind: "error" | "info". */
export function toast(message, kind = "error") {
  const root = document.getElementById("toast-root");
  const el = document.createElement("div");
  el.className = `toast toast-${kind}`;
  el.setAttribute("role", kind === "error" ? "alert" : "status");
  el.textContent = message;
  root.append(el);
  setTimeout(() => el.classList.add("toast-out"), 5000);
  setTimeout(() => el.remove(), 5600);
}
