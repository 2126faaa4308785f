"""Use cases, one module per goal: filing, status (reading), comments, lifecycle (close/reopen),
attachments; answers (to the bot's questions) and asking; requests routes an intent to its use case."""
