"""The Slack rendering layer: everything the bot and the notifications put on a Slack surface.

- `fit`: escaping for mrkdwn and clipping to Slack's limits (never inside an escape, a markup or a pair);
- `blocks`: the Block Kit primitives (text objects, buttons, sections, context, actions);
- `labels`: every label a person reads for a value (button, canonical state, intent, priority);
- `card`: the one case card (title, facts, buttons) used by the bot's replies and the notification cards;
- `ids`: the shared vocabulary (action_ids, block_ids, callback_ids) the cards carry and the bot handles;
- `fallback`, `slackpost`: delivery that is never silent (blocks refused: sent as text) and at most once.

Nothing here imports `bot` or `notifications`: both import this package.
"""
