"""Retries: a POST answered 503 or cut off is sent again with the same Idempotency-Key, honouring
Retry-After; a POST without a key is not retried after a lost connection. The other side is a
loopback HTTP listener of this test that records what arrives and answers as told (the real
server cannot be made to answer 503 on cue; its own idempotency is tested live)."""

import http.server
import json
import threading
import time
import unittest

from mediation_client import Client, ServiceUnavailable, TransportError


class Recorder(http.server.BaseHTTPRequestHandler):
    script: list[str] = []  # what to do with each request in turn: "503", "drop", "201"
    seen: list[dict[str, str]] = []

    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        Recorder.seen.append({"key": self.headers.get("Idempotency-Key") or "",
                              "body": body.decode()})
        action = Recorder.script.pop(0) if Recorder.script else "201"
        if action == "drop":
            self.close_connection = True
            self.connection.shutdown(2)
            return
        status = int(action)
        payload = json.dumps({"title": "Service Unavailable", "status": 503} if status == 503
                             else {"id": 1, "status": "received"}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/problem+json" if status == 503
                         else "application/json")
        if status == 503:
            self.send_header("Retry-After", "0")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


class RetryTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
        cls.thread = threading.Thread(target=cls.server.serve_forever, daemon=True)
        cls.thread.start()
        cls.url = f"http://127.0.0.1:{cls.server.server_address[1]}"

    @classmethod
    def tearDownClass(cls) -> None:
        cls.server.shutdown()
        cls.server.server_close()

    def setUp(self) -> None:
        Recorder.script = []
        Recorder.seen = []
        self.client = Client(self.url, "mdk_test", backoff=0.01, retries=4)

    def tearDown(self) -> None:
        self.client.close()

    def test_503_then_success_same_key(self) -> None:
        Recorder.script = ["503", "503", "201"]
        answer = self.client.accept_case(1)
        self.assertEqual("received", answer["status"])
        self.assertEqual(3, len(Recorder.seen))
        keys = {s["key"] for s in Recorder.seen}
        self.assertEqual(1, len(keys))
        self.assertNotEqual("", keys.pop())

    def test_dropped_connection_then_success_same_key(self) -> None:
        Recorder.script = ["drop", "201"]
        self.client.create_case(dispute_type="neighbor", source="hotline", community_id=1,
                                summary="漏水", parties=[{"role": "applicant",
                                                          "kind": "person", "name": "张三"}],
                                idempotency_key="row-17")
        self.assertEqual(["row-17", "row-17"], [s["key"] for s in Recorder.seen])
        self.assertEqual(Recorder.seen[0]["body"], Recorder.seen[1]["body"])

    def test_gives_up_with_the_problem(self) -> None:
        Recorder.script = ["503"] * 10
        start = time.monotonic()
        with self.assertRaises(ServiceUnavailable):
            self.client.accept_case(1)
        self.assertEqual(5, len(Recorder.seen))  # the first attempt and 4 retries
        self.assertLess(time.monotonic() - start, 10)

    def test_no_key_no_retry_after_a_lost_connection(self) -> None:
        Recorder.script = ["drop", "201"]
        with self.assertRaises(TransportError):
            self.client.request("POST", "/api/v1/auth/logout", auto_key=False)
        self.assertEqual(1, len(Recorder.seen))

    def test_connection_refused_is_a_transport_error(self) -> None:
        probe = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
        port = probe.server_address[1]
        probe.server_close()  # nothing listens there now
        with Client(f"http://127.0.0.1:{port}", "t", backoff=0.01, retries=2) as c:
            with self.assertRaises(TransportError):
                c.get_case(1)


if __name__ == "__main__":
    unittest.main()
