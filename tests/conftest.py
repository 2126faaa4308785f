"""Shared fixtures live in tests/plugins/, one module per area (see docs/contracts.md, "Tests")."""
import importlib.util

_PLUGINS = [
    "tests.plugins.salesforce",   # the Salesforce emulator over HTTPS (sf_emulator, sf_integration, sf_agent)
    "tests.plugins.database",     # store on SQLite, PostgreSQL URL (store, pg_url)
    "tests.plugins.desk",         # CaseDesk wired to the emulator (desk, employee)
    "tests.plugins.slack",        # Slack stand-in + Bolt app (slack, bot)
]
# A plugin module appears when its area lands; until then its fixtures are simply absent.
pytest_plugins = [p for p in _PLUGINS if importlib.util.find_spec(p) is not None]
