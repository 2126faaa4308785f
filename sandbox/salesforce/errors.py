"""Errors answered in Salesforce's REST shape: an HTTP status and `[{"message", "errorCode", "fields"}]`."""
from __future__ import annotations


class ApiError(Exception):
    """A REST API error. `errors` is the list Salesforce returns as the response body."""

    def __init__(self, status: int, error_code: str, message: str, fields: list[str] | None = None,
                 *, extra: list[dict] | None = None) -> None:
        super().__init__(f"{error_code}: {message}")
        self.status = status
        self.error_code = error_code
        self.message = message
        self.fields = list(fields or [])
        self.errors = [{"message": message, "errorCode": error_code, "fields": self.fields}, *(extra or [])]

    def body(self) -> list[dict]:
        return self.errors


def malformed_query(message: str) -> ApiError:
    return ApiError(400, "MALFORMED_QUERY", message)


def invalid_field(message: str) -> ApiError:
    return ApiError(400, "INVALID_FIELD", message)


def invalid_type(message: str) -> ApiError:
    return ApiError(400, "INVALID_TYPE", message)


def not_found(message: str = "The requested resource does not exist") -> ApiError:
    return ApiError(404, "NOT_FOUND", message)
