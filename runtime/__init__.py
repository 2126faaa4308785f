"""One Concierge process: the composition root (`root.py`: settings, store, desk, intent parser, Slack client,
Bolt app and notification jobs, built once and held by `Runtime`) and `concierge run` (`run.py`)."""
from runtime.root import Runtime, build

__all__ = ["Runtime", "build"]
