// The agent console's "New article": write a Salesforce Knowledge article and publish it, as the agent through
// the REST API (sandbox/web/articles.py: a draft, its data category, then published). Employees get it among
// the answers the bot shows as soon as it is published.
import { h } from "./blockkit.js";
import { toast } from "./dialogs.js";

export class ArticleForm {
  constructor(pane, api) {
    this.pane = pane;
    this.api = api;
    this.categories = null;
  }

  close() { this.pane.hidden = true; }

  async open() {
    if (this.categories === null) {
      try {
        this.categories = (await this.api("/api/agent/articles/categories")).categories;
      } catch (error) {
        toast(error.message);
        this.categories = [];
      }
    }
    this.render();
    this.pane.hidden = false;
    this.pane.querySelector("#article-title").focus();
  }

  render() {
    const title = h("input", { id: "article-title", class: "bk-input", maxlength: 255, required: true,
                               placeholder: "Title, e.g. Zebra label printer shows 'Ribbon out'", "aria-label": "Title" });
    const summary = h("textarea", { id: "article-summary", class: "bk-input", rows: 2, maxlength: 1000,
                                    placeholder: "Summary: what employees see on the bot's card", "aria-label": "Summary" });
    const body = h("textarea", { id: "article-body", class: "bk-input", rows: 6, required: true,
                                 placeholder: "The article (a blank line starts a paragraph)", "aria-label": "Body" });
    const category = h("select", { id: "article-category", class: "bk-select", "aria-label": "Data category" },
      h("option", { value: "" }, "No data category"),
      this.categories.map((c) => h("option", { value: c.name }, `${c.group} › ${c.name}`)));
    const publish = h("button", { type: "submit", class: "bk-button bk-primary", id: "article-publish" }, "Publish");
    this.pane.replaceChildren(
      h("div", { class: "detail-head" },
        h("button", { type: "button", class: "link-button", onclick: () => this.close() }, "← All cases"),
        h("div", { class: "detail-title" }, "New Knowledge article")),
      h("form", { class: "comment-form", id: "article-form", onsubmit: async (event) => {
        event.preventDefault();
        publish.disabled = true;
        try {
          const { article } = await this.api("/api/agent/articles", { method: "POST", body: {
            title: title.value, summary: summary.value, body: body.value, category: category.value || null } });
          toast(`Published article ${article.number}: ${article.title}`, "info");
          this.close();
        } catch (error) {
          toast(error.message);
        } finally {
          publish.disabled = false;
        }
      } },
        title, summary, body,
        h("div", { class: "comment-form-row" }, category, publish)));
  }
}
