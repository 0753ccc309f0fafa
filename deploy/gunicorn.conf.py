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
