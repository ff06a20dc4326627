"""verify_webhook_signature against a vector computed outside Python, with openssl:

    printf '%s' "msg_2Lx9.1764576000.$BODY" | openssl dgst -sha256 -mac HMAC \
        -macopt hexkey:$(printf 'mediation-test-webhook-key-32-by' | xxd -p -c 64) -binary | base64
"""

import unittest

from mediation_client import WebhookVerificationError, sign_webhook, verify_webhook_signature

SECRET = "whsec_bWVkaWF0aW9uLXRlc3Qtd2ViaG9vay1rZXktMzItYnk="
BODY = (b'{"type":"case.accepted","timestamp":"2026-12-01T08:00:00Z","data":{"id":"42",'
        b'"type":"case.accepted","case_id":7,"case_no":"WD-2026-000007","status":"accepted",'
        b'"version":2}}')
MSG_ID = "msg_2Lx9"
TIMESTAMP = 1764576000
SIGNATURE = "v1,4y5zf/EpZ+ZZ3EPK8PlGUPMebGc2BFFBm/MTTBMbZG4="


def headers(**over: str) -> dict[str, str]:
    h = {"webhook-id": MSG_ID, "webhook-timestamp": str(TIMESTAMP),
         "webhook-signature": SIGNATURE}
    h.update(over)
    return h


class SignatureTest(unittest.TestCase):
    def test_openssl_vector(self) -> None:
        self.assertEqual(SIGNATURE, sign_webhook(SECRET, MSG_ID, TIMESTAMP, BODY))
        verify_webhook_signature(SECRET, headers(), BODY, now=TIMESTAMP + 10)

    def test_header_names_in_any_case(self) -> None:
        verify_webhook_signature(SECRET, {"Webhook-Id": MSG_ID,
                                          "Webhook-Timestamp": str(TIMESTAMP),
                                          "Webhook-Signature": SIGNATURE}, BODY, now=TIMESTAMP)

    def test_one_of_several_signatures(self) -> None:
        other = "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
        verify_webhook_signature(SECRET, headers(**{"webhook-signature": f"{other} {SIGNATURE}"}),
                                 BODY, now=TIMESTAMP)

    def test_refusals(self) -> None:
        cases = {
            "tampered body": (SECRET, headers(), BODY.replace(b"accepted", b"declined")),
            "other secret": ("whsec_" + "QUJD" * 8, headers(), BODY),
            "other id": (SECRET, headers(**{"webhook-id": "msg_other"}), BODY),
            "other timestamp": (SECRET, headers(**{"webhook-timestamp": str(TIMESTAMP + 1)}),
                                BODY),
            "other version": (SECRET, headers(**{"webhook-signature": "v2" + SIGNATURE[2:]}),
                              BODY),
            "no signature": (SECRET, {"webhook-id": MSG_ID,
                                      "webhook-timestamp": str(TIMESTAMP)}, BODY),
            "bad timestamp": (SECRET, headers(**{"webhook-timestamp": "soon"}), BODY),
        }
        for name, (secret, h, body) in cases.items():
            with self.subTest(name), self.assertRaises(WebhookVerificationError):
                verify_webhook_signature(secret, h, body, now=TIMESTAMP)

    def test_tolerance(self) -> None:
        with self.assertRaises(WebhookVerificationError):
            verify_webhook_signature(SECRET, headers(), BODY, now=TIMESTAMP + 301)
        with self.assertRaises(WebhookVerificationError):
            verify_webhook_signature(SECRET, headers(), BODY, now=TIMESTAMP - 301)
        verify_webhook_signature(SECRET, headers(), BODY, now=TIMESTAMP + 3600, tolerance=3600)


if __name__ == "__main__":
    unittest.main()
