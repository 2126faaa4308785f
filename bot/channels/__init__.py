"""Filing from channels (issue 23, docs/channels.md): the message shortcut, the filing reaction and @mentions, request
channels, one case per thread kept in sync with it. `rules.py` is pure (what is a request, who may have a case
filed, what is sensitive); `filing.py` files and comments (the DM's use cases underneath); `listeners.py` registers
the Bolt listeners and posts what it says."""
