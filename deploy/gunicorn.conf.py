"""gunicorn settings for Shop: `gunicorn -c deploy/gunicorn.conf.py 'shop:create_app()'`.

Every value can be overridden with a GUNICORN_* environment variable (or on the command line).
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Worker model, chosen by measurement (README "Performance" and deploy/README.md): pages are
# short and CPU-bound (templates, a few indexed queries), Nginx buffers slow clients, so plain
# sync workers, two per core plus one, gave the best throughput and p99 here.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
workers = _int("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1)
threads = _int("GUNICORN_THREADS", 1)

# A request that takes longer than this is stuck: the worker is killed and replaced.
timeout = _int("GUNICORN_TIMEOUT", 30)
# Time a worker gets to finish its requests on reload (HUP) or shutdown.
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = 5

# Recycle workers now and then (bounds slow leaks); the jitter keeps them from restarting at once.
# Not too often: a new worker loads the app and its templates again, and at 2,000 requests the
# restarts showed up as 200 ms p99 spikes under load.
# Recycle workers now and then, a guard against slow leaks. A new worker costs about a second
# of CPU (imports, warm-up), so not too often: at 20,000 a busy worker recycled every 30 s.
max_requests = _int("GUNICORN_MAX_REQUESTS", 100000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 10000)

# Each worker loads the app itself, so `kill -HUP` reloads new code without dropping requests.
preload_app = False

# Heartbeat files in memory, not on a possibly slow disk.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

# Nginx on the same host is the only proxy whose X-Forwarded-* headers gunicorn believes.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Client address (from Nginx), request, status, bytes, duration in ms, Nginx's request id.
access_log_format = (
    '%({x-forwarded-for}i)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s" '
    "rid=%({x-request-id}i)s"
)
proc_name = "shop"


def post_worker_init(worker) -> None:
    """Compile templates and read the category tree before this worker accepts requests."""
    from shop.warmup import warm_up

    warm_up(worker.wsgi)


def pre_request(worker, req) -> None:
    """Note what this worker serves, so a timeout can say which request it ended."""
    worker.log.debug("%s %s", req.method, req.path)  # gunicorn's own default hook
    rid = next((value for name, value in req.headers if name == "X-REQUEST-ID"), "-")
    _in_flight(worker)[id(req)] = f"{req.method} {req.path} rid={rid}"


def post_request(worker, req, environ, resp) -> None:
    _in_flight(worker).pop(id(req), None)


def worker_abort(worker) -> None:
    """A request ran past `timeout`: end the worker at once, without answering it.

    Left alone, gunicorn turns the timeout into its own bare "Internal Server Error" text,
    which Nginx passes on as the app's answer. With no answer at all Nginx sees the
    connection close and shows the shop's "unavailable" page (502) with its request id, the
    rid= logged here. The worker was being replaced anyway; a half-done save is rolled back
    by the database, and files it wrote are found by `manage.py media orphans`.
    """
    for request in list(_in_flight(worker).values()) or ["no request in flight"]:
        worker.log.critical(
            "Request timed out after %s s; worker ended: %s", worker.cfg.timeout, request
        )
    os._exit(1)


def _in_flight(worker) -> dict[int, str]:
    # Several at once with threaded workers; one with sync workers.
    if not hasattr(worker, "shop_in_flight"):
        worker.shop_in_flight = {}
    return worker.shop_in_flight
