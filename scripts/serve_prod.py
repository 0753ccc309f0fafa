"""`make serve-prod`: the production stack (gunicorn behind Nginx, production settings) on loopback.

Environment: DATABASE_URL (default: the SQLite file of `make run`), MEDIA_ROOT, NGINX_PORT (8080),
GUNICORN_PORT (8000, shoppers), GUNICORN_STAFF_PORT (8001: /admin/, /api/, /login, /logout on a
pool of their own, as deploy/README.md recommends), SECRET_KEY (random per start when unset:
sessions end on restart).
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from deploy.localstack import ROOT, LocalStack, StackError


def _interrupt(signum, frame) -> None:
    """SIGTERM (a supervisor, `kill`) stops the servers as Ctrl-C does."""
    raise KeyboardInterrupt


def main() -> int:
    instance = ROOT / "instance"
    stack = LocalStack(
        run_dir=instance / "prod-stack",
        database_url=os.environ.get("DATABASE_URL") or f"sqlite:///{instance / 'shop.sqlite3'}",
        media_root=Path(os.environ.get("MEDIA_ROOT") or instance / "media"),
        nginx_port=int(os.environ.get("NGINX_PORT", "8080")),
        app_ports=[int(os.environ.get("GUNICORN_PORT", "8000"))],
        staff_ports=[int(os.environ.get("GUNICORN_STAFF_PORT", "8001"))],
    )
    taken = stack.taken_ports()
    if taken:  # before migrating or seeding anything
        print(f"serve-prod: 127.0.0.1 port(s) {taken} already in use.", file=sys.stderr)
        return 1
    stack.migrate()
    if stack.manage("catalogue-empty", check=False).returncode == 0:
        print("Seeding the demo catalogue ...", flush=True)
        stack.manage("seed-demo", "--products", "400")
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        stack.start()  # waits until /healthz answers; stops what it started if it fails
    except StackError as error:
        print(
            f"serve-prod: the stack did not start; nothing is left running.\n{error}",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        return 130  # start() stopped what it had started
    try:
        print(
            f"Shop (production settings) at {stack.url}  "
            f"[gunicorn {stack.app_url()}, staff pool {stack.staff_url()}]"
        )
        print(f"Logs in {stack.run_dir}. Ctrl-C stops every server.", flush=True)
        while all(p.poll() is None for p in stack.processes.values()):
            time.sleep(1)
        print("serve-prod: a server exited; stopping the others.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
