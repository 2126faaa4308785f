"""The sandbox page: a Slack-like DM with the bot, its App Home, and a Salesforce agent console.

`create_app(backend, agent)` builds the Starlette app; `StandInChat` adapts the Slack stand-in to the page's
`ChatBackend`; `AgentConsole` acts on cases as a support agent through simple-salesforce. See docs/demo.md.
"""
from sandbox.web.agent import AgentConsole, AgentCredentials, AgentError
from sandbox.web.app import create_app
from sandbox.web.chat import ChangeHub, ChatBackend, DeliveryError, Employee, UploadedFile

__all__ = ["AgentConsole", "AgentCredentials", "AgentError", "ChangeHub", "ChatBackend",
           "DeliveryError", "Employee", "UploadedFile", "create_app"]
