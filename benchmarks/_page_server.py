"""A loopback HTTP server that serves N seed-shaped jobs as pre-serialized pages.

Runs in its own process so its CPU does not count against the client being measured. The pages
are built once at start; a request costs a dict lookup and a socket write.
"""

from __future__ import annotations

import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from ionq_facade.testing._mock_data import generate_jobs


def build_pages(total: int, page_size: int) -> dict[str | None, bytes]:
    """Pages keyed by the cursor that requests them (None: the first page)."""
    template = generate_jobs(min(total, 2000), seed=1)
    pages: dict[str | None, bytes] = {}
    for start in range(0, total, page_size):
        jobs = []
        for index in range(start, min(start + page_size, total)):
            job = dict(template[index % len(template)])
            job["id"] = f"{index:08d}-0000-4000-8000-000000000000"
            jobs.append(job)
        cursor = None if start == 0 else f"p{start}"
        following = f"p{start + page_size}" if start + page_size < total else None
        pages[cursor] = json.dumps({"jobs": jobs, "next": following}).encode()
    return pages


def serve(total: int, page_size: int, delay: float = 0.0) -> None:
    pages = build_pages(total, page_size)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as a real API behind a load balancer

        def do_GET(self) -> None:
            query = parse_qs(urlsplit(self.path).query)
            body = pages.get(query.get("next", [None])[0])
            if delay:
                time.sleep(delay)
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)  # tell the parent the port
    server.serve_forever()


if __name__ == "__main__":
    serve(int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]) if len(sys.argv) > 3 else 0.0)
