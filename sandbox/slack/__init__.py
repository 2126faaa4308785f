"""Slack stand-in: the Web API subset Concierge calls plus signed deliveries to the bot (see README.md)."""
from sandbox.slack.standin import (APP_ID, BOT_ID, BOT_USER_ID, DEFAULT_USERS, TEAM_ID, Call, Delivery,
                                   SlackStandIn, SlackUser, sign)

__all__ = ["APP_ID", "BOT_ID", "BOT_USER_ID", "DEFAULT_USERS", "TEAM_ID", "Call", "Delivery", "SlackStandIn",
           "SlackUser", "sign"]
