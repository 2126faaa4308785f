"""The org's OAuth side: connected-app clients (kept across resets), access tokens issued for client
credentials or a JWT bearer assertion, and their expiry."""
from __future__ import annotations

import secrets

from . import ids
from .database import Database
from .errors import ApiError


class OAuthError(Exception):
    """An OAuth token-endpoint refusal: `{"error", "error_description"}` with HTTP 400."""

    def __init__(self, error: str, description: str) -> None:
        super().__init__(f"{error}: {description}")
        self.error, self.description = error, description


class Auth:
    """Clients and tokens of one org (tables `_clients`, `_jwt_keys`, `_tokens`)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        with db.lock:
            self._tokens: dict[str, str] = dict(
                db.conn.execute("SELECT token, user_id FROM _tokens WHERE expired = 0").fetchall())

    def client(self, name: str) -> dict | None:
        row = self.db.conn.execute("SELECT client_id, client_secret, user_id FROM _clients WHERE name = ?",
                                   (name,)).fetchone()
        return None if row is None else {"client_id": row[0], "client_secret": row[1], "user_id": row[2]}

    def is_integration_user(self, user_id: str | None) -> bool:
        integration = self.client("integration") if user_id is not None else None
        return integration is not None and integration["user_id"] == user_id

    def clients(self) -> dict[str, dict]:
        with self.db.lock:
            return {r[0]: {"client_id": r[1], "client_secret": r[2], "user_id": r[3]}
                    for r in self.db.conn.execute("SELECT name, client_id, client_secret, user_id FROM _clients")}

    def register_client(self, name: str, user_id: str) -> dict:
        """An OAuth client acting as `user_id` (kept across resets). Returns its credentials."""
        with self.db.lock:
            existing = self.client(name)
            if existing:
                self.db.conn.execute("UPDATE _clients SET user_id = ? WHERE name = ?", (user_id, name))
                return {**existing, "user_id": user_id}
            creds = {"client_id": f"3MVG9{secrets.token_urlsafe(24)}.{name}",
                     "client_secret": secrets.token_hex(32), "user_id": user_id}
            self.db.conn.execute("INSERT INTO _clients VALUES (?, ?, ?, ?)",
                                 (name, creds["client_id"], creds["client_secret"], user_id))
            return creds

    def issue_token(self, client_id: str, client_secret: str) -> tuple[str, str]:
        """(access token, user id) for valid client credentials; ValueError otherwise."""
        with self.db.lock:
            row = self.db.conn.execute("SELECT name, client_secret, user_id FROM _clients WHERE client_id = ?",
                                       (client_id,)).fetchone()
            if row is None or not secrets.compare_digest(row[1], client_secret or ""):
                raise ValueError("invalid client credentials")
            return self._issue(row[2], row[0])

    def register_jwt_key(self, client_name: str, public_pem: str) -> None:
        """Trust `public_pem` (the connected app's certificate/public key) for JWT bearer sign-in."""
        with self.db.lock:
            if self.client(client_name) is None:
                raise ValueError(f"unknown client {client_name!r}")
            self.db.conn.execute("INSERT OR REPLACE INTO _jwt_keys VALUES (?, ?)", (client_name, public_pem))

    def issue_token_jwt(self, assertion: str, audiences: list[str]) -> tuple[str, str]:
        """(access token, user id) for a valid JWT bearer assertion; raises OAuthError otherwise."""
        import jwt

        try:
            claims = jwt.decode(assertion, options={"verify_signature": False})
        except jwt.PyJWTError:
            raise OAuthError("invalid_grant", "invalid assertion") from None
        with self.db.lock:
            row = self.db.conn.execute("SELECT c.name, k.public_pem FROM _clients c LEFT JOIN _jwt_keys k "
                                       "ON k.client = c.name WHERE c.client_id = ?", (claims.get("iss"),)).fetchone()
            if row is None:
                raise OAuthError("invalid_client_id", "client identifier invalid")
            if row[1] is None:
                raise OAuthError("invalid_client", "no certificate is registered for this client")
            try:
                jwt.decode(assertion, row[1], algorithms=["RS256"], audience=audiences,
                           options={"require": ["exp", "iss", "sub", "aud"]}, leeway=5)
            except jwt.ExpiredSignatureError:
                raise OAuthError("invalid_grant", "expired authorization code") from None
            except jwt.InvalidAudienceError:
                raise OAuthError("invalid_grant", "audience is invalid") from None
            except jwt.PyJWTError:
                raise OAuthError("invalid_grant", "invalid assertion") from None
            user = self.db.conn.execute('SELECT "Id", "IsActive" FROM "User" WHERE "Username" = ?',
                                        (claims.get("sub"),)).fetchone()
            if user is None or not user[1]:
                raise OAuthError("invalid_grant", "user hasn't approved this consumer")
            return self._issue(user[0], row[0])

    def _issue(self, user_id: str, client_name: str) -> tuple[str, str]:
        token = f"{ids.ORG_ID_15}!{secrets.token_urlsafe(72)}"
        self.db.conn.execute("INSERT INTO _tokens VALUES (?, ?, ?, ?, 0)", (token, user_id, client_name,
                                                                             self.db.stamp()))
        self._tokens[token] = user_id
        return token, user_id

    def user_for_token(self, token: str | None) -> str:
        user = self._tokens.get(token or "")
        if user is None:
            raise ApiError(401, "INVALID_SESSION_ID", "Session expired or invalid")
        return user

    def expire_tokens(self, user_id: str | None = None) -> int:
        """Expire every issued token (or only `user_id`'s). Returns how many were live."""
        with self.db.lock:
            live = [t for t, u in self._tokens.items() if user_id is None or u == user_id]
            for t in live:
                del self._tokens[t]
            self.db.conn.executemany("UPDATE _tokens SET expired = 1 WHERE token = ?", [(t,) for t in live])
            return len(live)
