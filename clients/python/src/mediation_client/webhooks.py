"""Webhook signatures (the Standard Webhooks convention the server uses).

The server signs each delivery with HMAC-SHA256 under the webhook's secret
(``whsec_<base64 of 32 bytes>``; the key is the base64-decoded part after the prefix) over
``webhook-id + "." + webhook-timestamp + "." + raw body``, and sends
``webhook-signature: v1,<base64 of the MAC>`` (several space-separated signatures may be sent
while a secret is being rotated)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time
from collections.abc import Mapping

DEFAULT_TOLERANCE_S = 300


class WebhookVerificationError(Exception):
    """The delivery is not authentic (or too old, or malformed): answer it 400 and drop it."""


def _key(secret: str) -> bytes:
    text = secret[len("whsec_"):] if secret.startswith("whsec_") else secret
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as e:
        raise WebhookVerificationError("the secret is not whsec_<base64>") from e


def sign_webhook(secret: str, msg_id: str, timestamp: int | str, body: bytes) -> str:
    """The ``webhook-signature`` value the server sends for this delivery (``v1,<base64>``)."""
    signed = f"{msg_id}.{timestamp}.".encode() + body
    mac = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode()


def verify_webhook_signature(secret: str, headers: Mapping[str, str], body: bytes, *,
                             tolerance: int = DEFAULT_TOLERANCE_S,
                             now: float | None = None) -> None:
    """Checks a delivery: its ``webhook-id``, ``webhook-timestamp`` (within ``tolerance`` seconds
    of ``now``, against replays) and one matching ``v1`` signature over the raw body (the bytes
    as received: parse the JSON only after this). Header names are matched in any case. Raises
    WebhookVerificationError when anything does not hold."""
    lower = {k.lower(): v for k, v in headers.items()}
    msg_id = lower.get("webhook-id")
    timestamp = lower.get("webhook-timestamp")
    signatures = lower.get("webhook-signature")
    if not msg_id or not timestamp or not signatures:
        raise WebhookVerificationError("missing webhook-id, webhook-timestamp or webhook-signature")
    if not timestamp.isdigit():
        raise WebhookVerificationError("webhook-timestamp is not unix seconds")
    current = time.time() if now is None else now
    if abs(current - int(timestamp)) > tolerance:
        raise WebhookVerificationError("webhook-timestamp is outside the tolerance")
    expected = sign_webhook(secret, msg_id, timestamp, body).split(",", 1)[1]
    for candidate in signatures.split():
        version, _, value = candidate.partition(",")
        if version == "v1" and hmac.compare_digest(value.encode(), expected.encode()):
            return
    raise WebhookVerificationError("no signature matches")
