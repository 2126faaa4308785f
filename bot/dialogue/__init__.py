"""The dialogue: the question the bot has open with a person (question.py) and its pure state machine
(machine.py)."""
