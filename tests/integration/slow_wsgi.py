"""A WSGI app whose paths ending in /stuck never answer: what does a gunicorn timeout give?"""

from __future__ import annotations

import time


def app(environ, start_response):
    path = environ.get("PATH_INFO", "")
    if path.endswith("/stuck"):
        time.sleep(3600)  # in Python, so gunicorn's abort signal interrupts it at once
    body = f"{environ['REQUEST_METHOD']} {path}".encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
