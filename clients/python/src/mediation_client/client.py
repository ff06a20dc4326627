"""The HTTP client: typed methods for the API's operations, list iterators that follow
``next_cursor``, problem+json raised as exceptions, and retries with the same ``Idempotency-Key``
when the server answers 503 or the connection fails.

A Client keeps one keep-alive connection; it is not thread-safe (use one per thread)."""

from __future__ import annotations

import http.client
import json
import os
import random
import socket
import time
import urllib.parse
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import IO, Any, Literal, TypedDict

from .errors import ApiError, TransportError, error_from_response

__all__ = ["Client", "Response", "Page", "Attachment"]

Json = dict[str, Any]
DisputeType = Literal["marriage_family", "neighbor", "housing_homestead", "contract",
                      "production_business", "damages", "forest_land", "land_requisition",
                      "environment", "labor", "consumer", "medical", "traffic",
                      "property_management", "other"]
Outcome = Literal["resolved", "failed", "terminated", "withdrawn", "referred"]
SessionKind = Literal["in_person", "phone", "video"]
AttachmentKind = Literal["evidence", "agreement", "id_copy", "other"]


class PartyInput(TypedDict, total=False):
    role: Literal["applicant", "respondent", "third_party"]
    kind: Literal["person", "organization"]
    name: str
    id_number: str | None
    phone: str | None
    address: str | None


class AgreementInput(TypedDict, total=False):
    amount: str
    form: Literal["written", "oral"]
    signed_at: str
    terms: str
    performance_method: str | None
    perform_by: str | None


@dataclass
class Response:
    """One HTTP answer: status, lower-cased headers, raw body."""

    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8")) if self.body else None

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def replayed(self) -> bool:
        return self.headers.get("idempotent-replayed", "").lower() == "true"


@dataclass
class Page:
    """One page of a list: its items and the cursor of the next (None on the last page)."""

    items: list[Json]
    next_cursor: str | None


@dataclass
class Attachment:
    """A downloaded attachment."""

    content: bytes
    content_type: str
    content_disposition: str | None = None


# Failures after which a request may be sent again: it may not have reached the server, or its
# answer was lost.
_TRANSIENT = (ConnectionError, socket.timeout, TimeoutError, http.client.RemoteDisconnected,
              http.client.BadStatusLine, http.client.IncompleteRead, OSError)


@dataclass
class Client:
    """A client for one server. ``token`` is an API key (``mdk_…``) or a session token (``mds_…``,
    also set by ``login``). ``retries`` further attempts after a 503 or a lost connection, with
    exponential backoff and jitter (or the server's ``Retry-After``), each with the same
    ``Idempotency-Key``: a POST is never applied twice."""

    base_url: str
    token: str | None = None
    timeout: float = 60.0
    retries: int = 4
    backoff: float = 0.25
    max_backoff: float = 10.0
    _conn: http.client.HTTPConnection | None = field(default=None, init=False, repr=False)

    @classmethod
    def from_env(cls, **kwargs: Any) -> Client:
        """A client for ``MEDIATION_URL`` with ``MEDIATION_TOKEN``."""
        return cls(os.environ["MEDIATION_URL"], os.environ.get("MEDIATION_TOKEN"), **kwargs)

    def __post_init__(self) -> None:
        parsed = urllib.parse.urlsplit(self.base_url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ValueError(f"not an http(s) URL: {self.base_url!r}")
        self._scheme = parsed.scheme
        self._host = parsed.hostname
        self._port = parsed.port
        self._prefix = parsed.path.rstrip("/")

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- the request primitive ----

    def _connection(self, timeout: float) -> http.client.HTTPConnection:
        if self._conn is None:
            if self._scheme == "https":
                self._conn = http.client.HTTPSConnection(self._host, self._port, timeout=timeout)
            else:
                self._conn = http.client.HTTPConnection(self._host, self._port, timeout=timeout)
        self._conn.timeout = timeout
        if self._conn.sock is not None:
            self._conn.sock.settimeout(timeout)
        return self._conn

    def _pause(self, attempt: int, retry_after: str | None) -> None:
        delay = min(self.max_backoff, self.backoff * (2 ** attempt))
        if retry_after and retry_after.isdigit():
            delay = min(self.max_backoff, float(retry_after))
        time.sleep(delay + random.uniform(0, delay / 4))

    def request(self, method: str, path: str, *, params: Mapping[str, Any] | None = None,
                json_body: Any = None, body: bytes | IO[bytes] | None = None,
                content_type: str | None = None, headers: Mapping[str, str] | None = None,
                idempotency_key: str | None = None, auto_key: bool = True,
                if_match: str | None = None, extra_timeout: float = 0.0) -> Response:
        """Sends one request (path from ``/api/v1`` or ``/healthz``; ``params`` with None values
        left out; lists joined with commas) and returns the 2xx answer, or raises ApiError /
        TransportError. A POST gets a fresh ``Idempotency-Key`` unless one is given or
        ``auto_key`` is False; the same key is sent on every retry. A file-like ``body`` must be
        seekable (it is rewound for a retry)."""
        query = {k: (",".join(v) if isinstance(v, (list, tuple)) else
                     ("true" if v is True else "false" if v is False else v))
                 for k, v in (params or {}).items() if v is not None}
        target = self._prefix + path + ("?" + urllib.parse.urlencode(query) if query else "")
        h = {"Accept": "application/json, application/problem+json, */*",
             "User-Agent": "mediation-client-python/0.1"}
        if self.token:
            h["Authorization"] = f"Bearer {self.token}"
        payload: bytes | IO[bytes] | None = body
        if json_body is not None:
            payload = json.dumps(json_body, ensure_ascii=False).encode("utf-8")
            h["Content-Type"] = "application/json"
        elif content_type:
            h["Content-Type"] = content_type
        if method == "POST" and idempotency_key is None and auto_key:
            idempotency_key = str(uuid.uuid4())
        if idempotency_key:
            h["Idempotency-Key"] = idempotency_key
        if if_match:
            h["If-Match"] = if_match
        h.update(headers or {})
        if payload is None and method in ("POST", "PUT", "PATCH"):
            payload = b""
        start = payload.tell() if hasattr(payload, "seek") else 0  # type: ignore[union-attr]
        if hasattr(payload, "seek"):
            payload.seek(0, os.SEEK_END)  # type: ignore[union-attr]
            h["Content-Length"] = str(payload.tell() - start)  # type: ignore[union-attr]
        may_retry = method in ("GET", "HEAD") or bool(idempotency_key)
        for attempt in range(self.retries + 1):
            last = not may_retry or attempt >= self.retries
            if hasattr(payload, "seek"):
                payload.seek(start)  # type: ignore[union-attr]
            try:
                conn = self._connection(self.timeout + extra_timeout)
                conn.request(method, target, body=payload, headers=h)
                raw = conn.getresponse()
                data = raw.read()
                resp = Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, data)
                if resp.headers.get("connection", "").lower() == "close":
                    self.close()
            except _TRANSIENT as e:
                self.close()
                if last:
                    raise TransportError(f"{method} {target}: {e!r}") from e
                self._pause(attempt, None)
                continue
            if resp.status == 503 and not last:
                self._pause(attempt, resp.headers.get("retry-after"))
                continue
            if 200 <= resp.status < 300:
                return resp
            raise error_from_response(resp.status, resp.body, resp.headers)
        raise AssertionError("unreachable")

    def _json(self, method: str, path: str, **kw: Any) -> Json:
        result = self.request(method, path, **kw).json()
        return result if isinstance(result, dict) else {"value": result}

    def page(self, path: str, params: Mapping[str, Any] | None = None) -> Page:
        """One page of a list."""
        data = self._json("GET", path, params=params)
        return Page(list(data.get("items") or []), data.get("next_cursor"))

    def iterate(self, path: str, params: Mapping[str, Any] | None = None) -> Iterator[Json]:
        """Every item of a list, page after page, following ``next_cursor`` to the end."""
        query = dict(params or {})
        while True:
            p = self.page(path, query)
            yield from p.items
            if not p.next_cursor:
                return
            query["cursor"] = p.next_cursor

    # ---- sessions ----

    def login(self, username: str, password: str) -> Json:
        """Logs in; the session token becomes this client's token."""
        session = self._json("POST", "/api/v1/auth/login",
                             json_body={"username": username, "password": password},
                             auto_key=False)
        self.token = session["token"]
        return session

    def logout(self) -> None:
        self.request("POST", "/api/v1/auth/logout", auto_key=False)
        self.token = None

    def me(self) -> Json:
        return self._json("GET", "/api/v1/me")

    # ---- directory (for setting up) ----

    def create_community(self, code: str, name: str, street: str, *, center: str | None = None,
                         idempotency_key: str | None = None) -> Json:
        body: Json = {"code": code, "name": name, "street": street}
        if center:
            body["center"] = center
        return self._json("POST", "/api/v1/communities", json_body=body,
                          idempotency_key=idempotency_key)

    def communities(self, **params: Any) -> Iterator[Json]:
        return self.iterate("/api/v1/communities", params)

    def create_mediator(self, name: str, organization: str, channel: str,
                        specialties: list[str], *, max_open_cases: int | None = None,
                        center: str | None = None, user_id: int | None = None,
                        idempotency_key: str | None = None) -> Json:
        body: Json = {"name": name, "organization": organization, "channel": channel,
                      "specialties": specialties}
        for k, v in (("max_open_cases", max_open_cases), ("center", center),
                     ("user_id", user_id)):
            if v is not None:
                body[k] = v
        return self._json("POST", "/api/v1/mediators", json_body=body,
                          idempotency_key=idempotency_key)

    def mediators(self, **params: Any) -> Iterator[Json]:
        return self.iterate("/api/v1/mediators", params)

    def create_user(self, username: str, display_name: str, role: str, password: str, *,
                    center: str | None = None) -> Json:
        body: Json = {"username": username, "display_name": display_name, "role": role,
                      "password": password}
        if center:
            body["center"] = center
        return self._json("POST", "/api/v1/users", json_body=body)

    # ---- cases ----

    @staticmethod
    def _ref(case: int | str) -> str:
        return urllib.parse.quote(str(case), safe="")

    def create_case(self, *, dispute_type: DisputeType | str, source: str, community_id: int,
                    summary: str, parties: list[PartyInput], claims: str | None = None,
                    occurred_on: str | None = None, risk_level: str | None = None,
                    external_ref: Mapping[str, str] | None = None, center: str | None = None,
                    idempotency_key: str | None = None) -> Json:
        """Registers a case (201), or answers the case already pushed under ``external_ref``
        (200). The answer shows the parties in full to the registrant."""
        body: Json = {"dispute_type": dispute_type, "source": source,
                      "community_id": community_id, "summary": summary,
                      "parties": list(parties)}
        for k, v in (("claims", claims), ("occurred_on", occurred_on),
                     ("risk_level", risk_level), ("center", center)):
            if v is not None:
                body[k] = v
        if external_ref is not None:
            body["external_ref"] = dict(external_ref)
        return self._json("POST", "/api/v1/cases", json_body=body,
                          idempotency_key=idempotency_key)

    def get_case(self, case: int | str) -> Json:
        """A case by id or number (``WD-2026-000042``)."""
        return self._json("GET", f"/api/v1/cases/{self._ref(case)}")

    def list_cases(self, **filters: Any) -> Page:
        """One page: filters as in the API (status, dispute_type, q, sort, limit, cursor, …)."""
        return self.page("/api/v1/cases", filters)

    def cases(self, **filters: Any) -> Iterator[Json]:
        """Every case matching the filters, across pages."""
        return self.iterate("/api/v1/cases", filters)

    def _action(self, case: int | str, action: str, body: Json, if_match: str | None,
                idempotency_key: str | None) -> Json:
        return self._json("POST", f"/api/v1/cases/{self._ref(case)}/{action}",
                          json_body={k: v for k, v in body.items() if v is not None},
                          if_match=if_match, idempotency_key=idempotency_key)

    def accept_case(self, case: int | str, *, if_match: str | None = None,
                    idempotency_key: str | None = None) -> Json:
        return self._action(case, "accept", {}, if_match, idempotency_key)

    def decline_case(self, case: int | str, reason: str, referral_advice: str | None = None, *,
                     if_match: str | None = None, idempotency_key: str | None = None) -> Json:
        return self._action(case, "decline",
                            {"reason": reason, "referral_advice": referral_advice},
                            if_match, idempotency_key)

    def assign_case(self, case: int | str, mediator_id: int, reason: str | None = None, *,
                    if_match: str | None = None, idempotency_key: str | None = None) -> Json:
        return self._action(case, "assign", {"mediator_id": mediator_id, "reason": reason},
                            if_match, idempotency_key)

    def log_session(self, case: int | str, *, held_at: str, kind: SessionKind | str,
                    participants: str, notes: str | None = None, if_match: str | None = None,
                    idempotency_key: str | None = None) -> Json:
        return self._action(case, "sessions", {"held_at": held_at, "kind": kind,
                                               "participants": participants, "notes": notes},
                            if_match, idempotency_key)

    def sessions(self, case: int | str) -> list[Json]:
        return self.page(f"/api/v1/cases/{self._ref(case)}/sessions").items

    def close_case(self, case: int | str, outcome: Outcome | str, *,
                   agreement: AgreementInput | None = None, note: str | None = None,
                   referred_to: str | None = None, prevented_escalation: bool | None = None,
                   prevented_mass_petition: bool | None = None, if_match: str | None = None,
                   idempotency_key: str | None = None) -> Json:
        return self._action(case, "close", {
            "outcome": outcome, "agreement": dict(agreement) if agreement else None,
            "note": note, "referred_to": referred_to,
            "prevented_escalation": prevented_escalation,
            "prevented_mass_petition": prevented_mass_petition}, if_match, idempotency_key)

    def follow_up(self, case: int | str, *, return_visit_at: str | None = None,
                  return_visit_note: str | None = None, performance: str | None = None,
                  judicial_confirmation: bool | None = None, if_match: str | None = None,
                  idempotency_key: str | None = None) -> Json:
        return self._action(case, "follow-up", {
            "return_visit_at": return_visit_at, "return_visit_note": return_visit_note,
            "performance": performance, "judicial_confirmation": judicial_confirmation},
            if_match, idempotency_key)

    def change_deadline(self, case: int | str, action: Literal["extend", "pause", "resume"],
                        reason: str, *, days: int | None = None,
                        applicant_consent: bool | None = None,
                        respondent_consent: bool | None = None, if_match: str | None = None,
                        idempotency_key: str | None = None) -> Json:
        return self._action(case, "deadline", {
            "action": action, "reason": reason, "days": days,
            "applicant_consent": applicant_consent, "respondent_consent": respondent_consent},
            if_match, idempotency_key)

    def case_events(self, case: int | str, **params: Any) -> Iterator[Json]:
        """The case's audit trail, oldest first, across pages."""
        return self.iterate(f"/api/v1/cases/{self._ref(case)}/events", params)

    # ---- reports ----

    def report_summary(self, from_: str, to: str, **filters: Any) -> Json:
        return self._json("GET", "/api/v1/reports/summary",
                          params={"from": from_, "to": to, **filters})

    def report_breakdown(self, from_: str, to: str, by: str | list[str], **filters: Any) -> Json:
        return self._json("GET", "/api/v1/reports/breakdown",
                          params={"from": from_, "to": to, "by": by, **filters})

    def report_csv(self, report: Literal["summary", "breakdown"], from_: str, to: str,
                   **filters: Any) -> str:
        """A report as the server's CSV (UTF-8 with a BOM, which this strips)."""
        resp = self.request("GET", f"/api/v1/reports/{report}",
                            params={"from": from_, "to": to, "format": "csv", **filters})
        return resp.body.decode("utf-8-sig")

    def overdue(self, **params: Any) -> Iterator[Json]:
        """Open cases past or near their deadline (``within_days``), across pages."""
        return self.iterate("/api/v1/reports/overdue", params)

    # ---- attachments ----

    def add_attachment(self, case: int | str, content: bytes | IO[bytes] | str | os.PathLike[str],
                       *, kind: AttachmentKind | str, filename: str | None = None,
                       idempotency_key: str | None = None) -> Json:
        """Uploads a file (bytes, a seekable binary file, or a path, streamed from disk) as the
        raw request body; the server sniffs its type."""
        if isinstance(content, (str, os.PathLike)):
            path = os.fspath(content)
            with open(path, "rb") as f:
                return self.add_attachment(case, f, kind=kind,
                                           filename=filename or os.path.basename(path),
                                           idempotency_key=idempotency_key)
        if filename is None:
            raise ValueError("filename is required for bytes or a file object")
        return self._json("POST", f"/api/v1/cases/{self._ref(case)}/attachments",
                          params={"kind": kind, "filename": filename}, body=content,
                          content_type="application/octet-stream",
                          idempotency_key=idempotency_key)

    def attachments(self, case: int | str, **params: Any) -> Iterator[Json]:
        return self.iterate(f"/api/v1/cases/{self._ref(case)}/attachments", params)

    def get_attachment(self, case: int | str, attachment_id: int | str) -> Attachment:
        resp = self.request("GET", f"/api/v1/cases/{self._ref(case)}/attachments/"
                                   f"{self._ref(attachment_id)}")
        return Attachment(resp.body, resp.headers.get("content-type", ""),
                          resp.headers.get("content-disposition"))

    # ---- change feed ----

    def events(self, *, after: str | None = None, limit: int | None = None,
               types: list[str] | None = None, case_id: int | None = None,
               wait: int | None = None) -> Page:
        """One request to the change feed. ``next_cursor`` is always a string: pass it back as
        ``after``. ``wait`` (0-30 s) long-polls until an event commits."""
        data = self._json("GET", "/api/v1/events", params={
            "after": after, "limit": limit, "types": types, "case_id": case_id, "wait": wait},
            extra_timeout=float(wait or 0))
        return Page(list(data.get("items") or []), data.get("next_cursor"))

    def follow(self, **kwargs: Any) -> "FeedFollower":
        """A FeedFollower over this client (see feed.py)."""
        from .feed import FeedFollower
        return FeedFollower(self, **kwargs)

    # ---- webhooks ----

    def create_webhook(self, url: str, event_types: list[str], *, active: bool = True,
                       idempotency_key: str | None = None) -> Json:
        """Registers an endpoint; the answer's ``secret`` is shown this once."""
        return self._json("POST", "/api/v1/webhooks",
                          json_body={"url": url, "event_types": event_types, "active": active},
                          idempotency_key=idempotency_key)

    def webhooks(self, **params: Any) -> Iterator[Json]:
        return self.iterate("/api/v1/webhooks", params)

    def get_webhook(self, webhook_id: int | str) -> Json:
        return self._json("GET", f"/api/v1/webhooks/{self._ref(webhook_id)}")

    def update_webhook(self, webhook_id: int | str, **fields: Any) -> Json:
        return self._json("PATCH", f"/api/v1/webhooks/{self._ref(webhook_id)}", json_body=fields)

    def delete_webhook(self, webhook_id: int | str) -> None:
        self.request("DELETE", f"/api/v1/webhooks/{self._ref(webhook_id)}")

    def webhook_deliveries(self, webhook_id: int | str, **params: Any) -> Iterator[Json]:
        return self.iterate(f"/api/v1/webhooks/{self._ref(webhook_id)}/deliveries", params)

    def retry_delivery(self, webhook_id: int | str, delivery_id: int | str) -> Json:
        return self._json("POST", f"/api/v1/webhooks/{self._ref(webhook_id)}/deliveries/"
                                  f"{self._ref(delivery_id)}/retry")


from .feed import FeedFollower  # noqa: E402  (feed.py imports Client's module for typing only)
