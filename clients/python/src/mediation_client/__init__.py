"""Python client for mediationd, the case-management server of a district conflict-mediation
center (矛调中心). Standard library only; Python 3.11+.

    from mediation_client import Client
    c = Client("http://127.0.0.1:8080", token="mdk_…")
    case = c.create_case(dispute_type="neighbor", source="hotline", community_id=1,
                         summary="楼上漏水", parties=[{"role": "applicant", "kind": "person",
                                                      "name": "张三"}])
    for item in c.cases(status="received"):
        ...
"""

from .client import AgreementInput, Attachment, Client, Page, PartyInput, Response
from .errors import (ApiError, BadRequest, Conflict, FieldError, Forbidden, MediationError,
                     NotFound, PayloadTooLarge, PreconditionFailed, PreconditionRequired,
                     ServiceUnavailable, TooManyRequests, TransportError, Unauthorized,
                     UnsupportedMediaType, ValidationError)
from .feed import FeedFollower
from .webhooks import WebhookVerificationError, sign_webhook, verify_webhook_signature

__all__ = [
    "AgreementInput", "ApiError", "Attachment", "BadRequest", "Client", "Conflict", "FeedFollower",
    "FieldError", "Forbidden", "MediationError", "NotFound", "Page", "PartyInput",
    "PayloadTooLarge", "PreconditionFailed", "PreconditionRequired", "Response",
    "ServiceUnavailable", "TooManyRequests", "TransportError", "Unauthorized",
    "UnsupportedMediaType", "ValidationError", "WebhookVerificationError", "sign_webhook",
    "verify_webhook_signature",
]
__version__ = "0.1.0"
