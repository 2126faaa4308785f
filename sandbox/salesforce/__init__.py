"""A local Salesforce REST emulator (HTTPS, SQLite state) for the tests and the demo. See README.md."""
from .case_setup import CaseSetup
from .server import API_VERSION, EmulatorServer, Fault
from .store import Options, ValidationRule

__all__ = ["API_VERSION", "CaseSetup", "EmulatorServer", "Fault", "Options", "ValidationRule"]
