"""A local Salesforce REST emulator (HTTPS, SQLite state) for the tests and the demo. See README.md."""
from .server import API_VERSION, EmulatorServer, Fault
from .store import Options, ValidationRule

__all__ = ["API_VERSION", "EmulatorServer", "Fault", "Options", "ValidationRule"]
