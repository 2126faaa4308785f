"""`concierge eval knowledge FILE.jsonl`: single messages against the seeded knowledge base (the emulator with
`--seed`), through the bot's own decision (bot/knowledge_search.py: when to answer, which articles fit) and the
desk's one Salesforce search. Each line: {"text", "article": the UrlName expected first, or null when nothing
should be shown, "urgent": true for messages that must be filed at once}. Prints one line per miss, then:

    first_article_precision=0.900 shown=40 correct_first=36 recall=0.878 filings=24 shown_for_filings=0.083 urgent_shown=0 n=64

`first_article_precision`: of the messages shown articles, those whose first article is the expected one;
`shown_for_filings`: of the messages expected to be filed (article null), the share that were shown articles
anyway; `urgent_shown`: urgent or security messages shown articles (must be 0).
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from bot.knowledge_search import wants_answer
from bot.knowledge_match import choose, search_terms
from sandbox.salesforce import EmulatorServer
from servicecloud import CaseDesk, OrgConfig
from servicecloud.config import KnowledgeConfig


class _Deps:
    def __init__(self, org: OrgConfig):
        self.org = org


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="concierge eval knowledge", description=__doc__.split("\n\n")[0])
    ap.add_argument("file", type=Path)
    args = ap.parse_args(argv)
    rows = [json.loads(line) for line in args.file.read_text(encoding="utf-8").splitlines() if line.strip()]
    import intents
    intents.load()
    org = OrgConfig(knowledge=KnowledgeConfig(enabled=True))
    with tempfile.TemporaryDirectory(prefix="concierge-kb-eval-") as tmp:
        server = EmulatorServer(Path(tmp) / "org.db", seed=True).start()
        try:
            info, creds = server.info, server.info["clients"]["integration"]
            desk = CaseDesk.connect(login_url=info["login_url"], client_id=creds["client_id"],
                                    client_secret=creds["client_secret"], api_version=info["api_version"],
                                    ca_bundle=info["ca_bundle"], org=org)
            url_of = {}
            shown = correct = filings = filings_shown = urgent_shown = expected_articles = recalled = 0
            for row in rows:
                text, expected = row["text"], row.get("article")
                keywords = intents.parse(text).keywords
                articles = []
                if wants_answer(_Deps(org), text) and keywords:   # type: ignore[arg-type]
                    found = desk.search_articles(search_terms(text, keywords))
                    articles = choose(text, keywords, found, org.knowledge.max_articles)
                for a in articles:
                    url_of[a.id] = a.url_name
                first = articles[0].url_name if articles else None
                shown += bool(articles)
                correct += bool(articles) and first == expected
                if expected is None:
                    filings += 1
                    filings_shown += bool(articles)
                else:
                    expected_articles += 1
                    recalled += first == expected
                urgent_shown += bool(row.get("urgent")) and bool(articles)
                if first != expected:
                    print(f"MISS {text!r}: expected {expected}, first {first}"
                          + (f" (also {[a.url_name for a in articles[1:]]})" if len(articles) > 1 else ""))
            desk.client.session.close()
        finally:
            server.close()
    precision = correct / shown if shown else 0.0
    print(f"first_article_precision={precision:.3f} shown={shown} correct_first={correct} "
          f"recall={recalled / expected_articles if expected_articles else 0:.3f} filings={filings} "
          f"shown_for_filings={filings_shown / filings if filings else 0:.3f} urgent_shown={urgent_shown} n={len(rows)}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
