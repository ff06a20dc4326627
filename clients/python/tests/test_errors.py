"""problem+json answers become exceptions carrying the problem and its field errors."""

import unittest

from mediation_client import ApiError, Conflict, NotFound, ServiceUnavailable, ValidationError
from mediation_client.errors import error_from_response


class ProblemTest(unittest.TestCase):
    def test_validation_with_field_errors(self) -> None:
        body = ('{"type":"/problems/invalid","title":"Unprocessable Content","status":422,'
                '"detail":"the request has invalid fields","request_id":"abc",'
                '"errors":[{"field":"parties[0].id_number","message":"check digit is wrong"},'
                '{"field":"dispute_type","message":"is not one of the dispute types"}]}')
        e = error_from_response(422, body.encode(), {"x-request-id": "abc"})
        self.assertIsInstance(e, ValidationError)
        self.assertEqual(422, e.status)
        self.assertEqual("/problems/invalid", e.type)
        self.assertEqual({"parties[0].id_number": "check digit is wrong",
                          "dispute_type": "is not one of the dispute types"}, e.field_errors())
        self.assertIn("parties[0].id_number: check digit is wrong", str(e))
        self.assertEqual("abc", e.request_id)

    def test_status_classes(self) -> None:
        self.assertIsInstance(error_from_response(404, b'{"title":"Not Found"}', {}), NotFound)
        self.assertIsInstance(error_from_response(409, b'{"title":"Conflict"}', {}), Conflict)
        e = error_from_response(503, b'{"title":"Service Unavailable"}', {"retry-after": "2"})
        self.assertIsInstance(e, ServiceUnavailable)
        self.assertEqual(2, e.retry_after)
        self.assertEqual(ApiError, type(error_from_response(418, b"", {})))

    def test_body_that_is_not_json(self) -> None:
        e = error_from_response(502, b"<html>bad gateway</html>", {})
        self.assertEqual(502, e.status)
        self.assertIn("bad gateway", e.detail or "")
        self.assertEqual([], e.errors)


if __name__ == "__main__":
    unittest.main()
