"""Smoke run: serve the docs page's example on 127.0.0.1; list it through the generated client."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ionq_jobs_api.api.default import get_jobs
from ionq_jobs_api.client import AuthenticatedClient
from ionq_jobs_api.models import JobsPage

PAGE = (Path(__file__).resolve().parents[1] / "tests/data/seed_jobs_page.json").read_bytes()

FAKE_KEY = "fake-demo-key"  # a fake key: the local server checks nothing


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, *args: object) -> None:
        pass


def main() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base_url = f"http://127.0.0.1:{server.server_address[1]}/v0.4"
    with AuthenticatedClient(base_url=base_url, token=FAKE_KEY, prefix="apiKey") as client:
        page = get_jobs.sync(client=client)
    server.shutdown()
    assert isinstance(page, JobsPage), page
    for job in page.jobs:
        print(json.dumps({"id": job.id, "status": str(job.status), "backend": job.backend}))


if __name__ == "__main__":
    main()
