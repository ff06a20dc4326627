"""The Python client against the real server (ctest clients_python runs this through
clients_live_run, which sets MEDIATION_URL and MEDIATION_TOKEN to an admin key of center WD;
skipped without them). One scenario walks a case from intake to report; the others check paging,
problem exceptions, idempotency, and — when the server offers them (their live tests skip with a
message while the route answers 404) — the change feed, attachments and webhooks."""

from __future__ import annotations

import datetime
import hashlib
import http.server
import json
import os
import tempfile
import threading
import unittest
import uuid
import zoneinfo

from mediation_client import (Client, Conflict, NotFound, PreconditionFailed, Unauthorized,
                              ValidationError, verify_webhook_signature)
from mediation_client.errors import ApiError

URL = os.environ.get("MEDIATION_URL")
TOKEN = os.environ.get("MEDIATION_TOKEN")
PASSWORD = "correct horse battery"


def today() -> datetime.date:
    return datetime.datetime.now(zoneinfo.ZoneInfo("Asia/Shanghai")).date()


def route_missing(client: Client, path: str) -> bool:
    """Whether the server has no such route (404 problem) yet."""
    try:
        client.request("GET", path)
    except NotFound:
        return True
    except ApiError:
        return False
    return False


@unittest.skipUnless(URL and TOKEN, "MEDIATION_URL and MEDIATION_TOKEN not set (ctest sets them)")
class LiveTest(unittest.TestCase):
    admin: Client
    community: int
    mediator: int
    supervisor: Client

    @classmethod
    def setUpClass(cls) -> None:
        cls.admin = Client.from_env()
        suffix = uuid.uuid4().hex[:6].upper()
        cls.community = cls.admin.create_community(f"PY{suffix}", "幸福社区", "西大街道")["id"]
        cls.mediator = cls.admin.create_mediator("王调解", "幸福社区人民调解委员会", "people",
                                                 ["neighbor"])["id"]
        username = f"sup.{suffix.lower()}"
        cls.admin.create_user(username, "李主任", "supervisor", PASSWORD, center="WD")
        cls.supervisor = Client(URL or "")
        cls.supervisor.login(username, PASSWORD)

    @classmethod
    def tearDownClass(cls) -> None:
        cls.admin.close()
        cls.supervisor.close()

    def new_case(self, client: Client | None = None, **over: object) -> dict:
        args: dict = dict(dispute_type="neighbor", source="party_application",
                          community_id=self.community, summary="楼上漏水导致楼下天花板受损",
                          claims="赔偿维修费 3000 元",
                          parties=[{"role": "applicant", "kind": "person", "name": "张三",
                                    "id_number": "410102199001011234", "phone": "13800000000"},
                                   {"role": "respondent", "kind": "person", "name": "李四"}])
        args.update(over)
        return (client or self.supervisor).create_case(**args)

    def test_intake_to_report(self) -> None:
        s = self.supervisor
        self.assertEqual("supervisor", s.me()["role"])
        case = self.new_case()
        self.assertEqual("received", case["status"])
        accepted = s.accept_case(case["id"], if_match=f'"{case["id"]}-{case["version"]}"')
        self.assertEqual("accepted", accepted["status"])
        self.assertIsNotNone(accepted["due_at"])
        assigned = s.assign_case(case["id"], self.mediator)
        self.assertEqual(("assigned", self.mediator),
                         (assigned["status"], assigned["mediator_id"]))
        in_mediation = s.log_session(case["id"], held_at="2026-01-05T09:00:00+08:00",
                                     kind="in_person", participants="张三, 李四",
                                     notes="双方同意由楼上住户承担维修费用")
        self.assertEqual("in_mediation", in_mediation["status"])
        with self.assertRaises(PreconditionFailed):
            s.close_case(case["id"], "failed", if_match=f'"{case["id"]}-1"')
        closed = s.close_case(case["id"], "resolved", agreement={
            "amount": "2500.00", "form": "written", "signed_at": today().isoformat(),
            "terms": "楼上住户一次性支付维修费 2500 元"}, prevented_escalation=True)
        self.assertEqual(("closed", "resolved"), (closed["status"], closed["outcome"]))
        self.assertEqual("2500.00", closed["agreement"]["amount"])
        followed = s.follow_up(case["id"], performance="fulfilled",
                               return_visit_note="电话回访，双方满意")
        self.assertEqual("fulfilled", followed["follow_up"]["performance"])
        actions = [e["action"] for e in s.case_events(case["id"], limit=2)]
        for a in ("intake", "accept", "assign", "close"):
            self.assertTrue(any(a in x for x in actions), f"{a} not in {actions}")
        self.assertEqual(1, len(s.sessions(case["id"])))
        period = ((today() - datetime.timedelta(days=1)).isoformat(),
                  (today() + datetime.timedelta(days=1)).isoformat())
        summary = s.report_summary(*period, community_id=self.community)
        self.assertEqual(1, summary["metrics"]["resolved"])
        self.assertEqual("2500.00", summary["metrics"]["agreement_amount_total"])
        self.assertEqual(1, summary["metrics"]["prevented_escalation"])
        breakdown = s.report_breakdown(*period, by="community")
        rows = [r for r in breakdown["rows"] if r.get("community_id") == self.community]
        self.assertEqual("幸福社区", rows[0]["community_name"])
        csv_text = s.report_csv("breakdown", *period, by="community")
        self.assertIn("幸福社区", csv_text)

    def test_iterators_follow_next_cursor(self) -> None:
        system = f"py-{uuid.uuid4().hex[:8]}"
        made = {self.new_case(external_ref={"system": system, "id": f"E{i}"})["id"]
                for i in range(7)}
        first = self.supervisor.list_cases(external_system=system, limit=3)
        self.assertEqual(3, len(first.items))
        self.assertIsNotNone(first.next_cursor)
        seen = [c["id"] for c in self.supervisor.cases(external_system=system, limit=3)]
        self.assertEqual(7, len(seen))
        self.assertEqual(made, set(seen))
        communities = list(self.admin.communities(limit=1))
        self.assertIn(self.community, [c["id"] for c in communities])

    def test_problems_become_exceptions(self) -> None:
        with self.assertRaises(ValidationError) as cm:
            self.new_case(dispute_type="bogus", parties=[{"role": "applicant", "kind": "person",
                                                          "name": "张三",
                                                          "id_number": "410102199001011230"}])
        fields = cm.exception.field_errors()
        self.assertIn("dispute_type", fields)
        self.assertIn("parties[0].id_number", fields)
        self.assertIsNotNone(cm.exception.request_id)
        case = self.new_case()
        with self.assertRaises(Conflict) as conflict:
            self.supervisor.log_session(case["id"], held_at="2026-01-05T09:00:00+08:00",
                                        kind="phone", participants="张三")
        self.assertIn("received", conflict.exception.detail or "")
        with self.assertRaises(NotFound):
            self.supervisor.get_case(99999999)
        with self.assertRaises(Unauthorized):
            Client(URL or "", "mdk_0000000000000000_" + "A" * 43 + "00000000").me()

    def test_same_idempotency_key_same_case(self) -> None:
        key = str(uuid.uuid4())
        body = {"dispute_type": "neighbor", "source": "party_application",
                "community_id": self.community, "summary": "楼上漏水导致楼下天花板受损",
                "parties": [{"role": "applicant", "kind": "person", "name": "张三"}]}
        first = self.supervisor.request("POST", "/api/v1/cases", json_body=body,
                                        idempotency_key=key)
        again = self.supervisor.request("POST", "/api/v1/cases", json_body=body,
                                        idempotency_key=key)
        self.assertEqual((201, False, 201, True),
                         (first.status, first.replayed, again.status, again.replayed))
        self.assertEqual(first.json()["id"], again.json()["id"])
        with self.assertRaises(ValidationError) as cm:
            self.supervisor.request("POST", "/api/v1/cases", idempotency_key=key,
                                    json_body={**body, "summary": "另一件事"})
        self.assertIn("Idempotency-Key", cm.exception.field_errors())

    def test_feed_follower(self) -> None:
        if route_missing(self.admin, "/api/v1/events?limit=1"):
            self.skipTest("GET /api/v1/events answered 404: no change feed on this server yet")
        case = self.new_case()
        self.supervisor.accept_case(case["id"])
        with tempfile.TemporaryDirectory() as d:
            cursor_file = os.path.join(d, "cursor")
            follower = self.admin.follow(case_id=case["id"], cursor_file=cursor_file,
                                         stop_when_idle=True)
            events = list(follower)
            types = [e["type"] for e in events]
            self.assertEqual(["case.received", "case.accepted"],
                             [t for t in types if t in ("case.received", "case.accepted")])
            for e in events:
                self.assertEqual(case["id"], e["case_id"])
                self.assertNotIn("410102199001011234", json.dumps(e, ensure_ascii=False))
            self.assertTrue(os.path.exists(cursor_file))
            self.supervisor.assign_case(case["id"], self.mediator)
            again = list(self.admin.follow(case_id=case["id"], cursor_file=cursor_file,
                                           stop_when_idle=True))
            self.assertEqual(["case.assigned"], [e["type"] for e in again])

    def test_attachments(self) -> None:
        case = self.new_case()
        if route_missing(self.supervisor, f"/api/v1/cases/{case['id']}/attachments"):
            self.skipTest("the attachments routes answer 404: not on this server yet")
        pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
        with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
            f.write(pdf)
            f.flush()
            made = self.supervisor.add_attachment(case["id"], f.name, kind="evidence",
                                                  filename="现场照片说明.pdf")
        self.assertEqual(hashlib.sha256(pdf).hexdigest(), made["sha256"])
        self.assertEqual(len(pdf), made["size"])
        listed = [a["id"] for a in self.supervisor.attachments(case["id"])]
        self.assertIn(made["id"], listed)
        back = self.supervisor.get_attachment(case["id"], made["id"])
        self.assertEqual(pdf, back.content)
        self.assertTrue(back.content_type.startswith("application/pdf"))

    def test_webhook_signatures(self) -> None:
        if route_missing(self.admin, "/api/v1/webhooks"):
            self.skipTest("GET /api/v1/webhooks answered 404: no webhooks on this server yet")
        received: list[tuple[dict[str, str], bytes]] = []
        got = threading.Event()

        class Receiver(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                received.append(({k: v for k, v in self.headers.items()}, body))
                self.send_response(204)
                self.end_headers()
                got.set()

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            try:
                hook = self.admin.create_webhook(
                    f"http://127.0.0.1:{server.server_address[1]}/hook", ["case.received"])
            except ValidationError as e:
                self.skipTest(f"the server refuses a loopback webhook target: {e}")
            self.assertTrue(hook["secret"].startswith("whsec_"))
            self.new_case()
            if not got.wait(30):
                self.fail("no delivery within 30 s")
            headers, body = received[0]
            verify_webhook_signature(hook["secret"], headers, body)
            self.assertEqual("case.received", json.loads(body)["type"])
            self.admin.delete_webhook(hook["id"])
        finally:
            server.shutdown()
            server.server_close()


if __name__ == "__main__":
    unittest.main()
