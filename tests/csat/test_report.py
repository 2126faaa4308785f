"""`concierge report csat`: answered ratings by ISO week, record type and agent, from the store."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from concierge.cli import main as cli
from store import Store


def test_the_report_groups_ratings_by_week_record_type_and_agent(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'state.sqlite'}"
    at = datetime.now(UTC) - timedelta(days=1)
    with Store(url, now=lambda: at) as store:
        for n, (score, kind, agent) in enumerate([(5, "Incident", "Ana"), (1, "Incident", "Bo"),
                                                  (4, "Service Request", "Ana"), (None, "Incident", "Ana")]):
            s = store.surveys.offer(n, case_id=f"500{n}", slack_user_id=f"U{n}", resolution="r", kind="resolved",
                                    case_type=kind, agent=agent)
            if score:
                store.surveys.rate(s.id, f"U{n}", score, change_within=timedelta(minutes=10),
                                   expire_after=timedelta(days=7))
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("CONCIERGE_CONFIG", raising=False)
    assert cli(["report", "csat"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "3 rating(s)"                             # the unanswered survey is not a rating
    row = {line.split()[0]: line.split()[1:] for line in out if line and not line.startswith(("by ", "3 "))}
    assert row["Incident"] == ["2", "3.00", "50%"]             # 5 and 1; one at or below 2
    assert row["Ana"] == ["2", "4.50", "0%"]
    year, week, _ = at.isocalendar()
    assert row[f"{year}-W{week:02d}"] == ["3", "3.33", "33%"]
