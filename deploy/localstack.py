"""Runs the production stack on loopback: gunicorn instance(s) behind a real Nginx.

Used by `make serve-prod`, the integration tests and the benchmarks, so all three exercise the
same commands an operator runs: `manage.py db upgrade`, `manage.py nginx-config`, gunicorn with
deploy/gunicorn.conf.py, and Debian's nginx.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))

NGINX_MAIN = """\
{user}
worker_processes 1;
daemon off;
pid {run}/nginx.pid;
error_log {run}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    access_log {run}/nginx-access.log;
    client_body_temp_path {run}/client_body;
    proxy_temp_path {run}/proxy;
    fastcgi_temp_path {run}/fastcgi;
    uwsgi_temp_path {run}/uwsgi;
    scgi_temp_path {run}/scgi;
{server}
}}
"""


# How long a server may take to answer its readiness check. Generous: on a busy two-core
# machine gunicorn's workers need 25-30 s to import and warm up; a server that exits is
# noticed at once, whatever this says.
READY_TIMEOUT = float(os.environ.get("SHOP_STACK_READY_TIMEOUT") or 180)


class StackError(RuntimeError):
    """The stack could not start; every process it had started is stopped again."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_is_free(port: int) -> bool:
    """Nothing listens on 127.0.0.1:`port` (so a readiness check cannot reach a stranger)."""
    with socket.socket() as sock:
        # As servers bind: connections of a stopped server waiting in TIME_WAIT do not hold
        # the port, a listening socket does.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _tail(path: Path | None, lines: int = 15) -> str:
    if path is None or not path.exists():
        return ""
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def wait_for(
    url: str,
    timeout: float = READY_TIMEOUT,
    headers: dict | None = None,
    process: subprocess.Popen | None = None,
    log: Path | None = None,
    context: ssl.SSLContext | None = None,
) -> None:
    """Poll `url` until it answers (any HTTP status). Raise StackError as soon as `process`
    exits (with the end of its `log`), or after `timeout` seconds. `context`: for https."""
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise StackError(
                f"{url}: the server exited with status {process.returncode} before it "
                f"answered.\n{_tail(log)}"
            )
        try:
            request = urllib.request.Request(url, headers=headers or {})
            with urllib.request.urlopen(request, timeout=2, context=context):
                return
        except urllib.error.HTTPError:
            return
        except OSError as exc:
            last = exc
            time.sleep(0.1)
    raise StackError(f"{url} did not answer within {timeout:.0f} s: {last}\n{_tail(log)}")


@dataclass
class LocalStack:
    """gunicorn instance(s) and one Nginx in front of them, all on 127.0.0.1."""

    run_dir: Path
    database_url: str
    media_root: Path
    app_instances: int = 1
    nginx_port: int = 0
    extra_env: dict[str, str] = field(default_factory=dict)
    gunicorn_args: list[str] = field(default_factory=list)
    micro_cache: bool = False
    app_spec: str = "shop:create_app()"
    ready_path: str = "/healthz"
    app_ports: list[int] = field(default_factory=list)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    # HTTPS: Nginx serves TLS with this certificate and key (PEM); `nginx_args` go to
    # `manage.py nginx-config` as they are (--hsts-seconds, --redirect-http, ...).
    tls_cert: Path | None = None
    tls_key: Path | None = None
    nginx_args: list[str] = field(default_factory=list)
    # A staff pool: gunicorn instance(s) of their own for /admin/, /api/, /login and /logout
    # (nginx-config --staff-upstream), with `staff_gunicorn_args` after `gunicorn_args`: by
    # default the longer timeout deploy/README.md gives that pool.
    staff_instances: int = 0
    staff_ports: list[int] = field(default_factory=list)
    staff_gunicorn_args: list[str] = field(default_factory=lambda: ["--timeout", "300"])

    def __post_init__(self) -> None:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.media_root.mkdir(parents=True, exist_ok=True)
        self.nginx_port = self.nginx_port or free_port()
        if not self.app_ports:
            self.app_ports = [free_port() for _ in range(self.app_instances)]
        if not self.staff_ports:
            self.staff_ports = [free_port() for _ in range(self.staff_instances)]
        # Every instance must sign sessions with the same key.
        self.extra_env.setdefault(
            "SECRET_KEY", os.environ.get("SECRET_KEY") or secrets.token_urlsafe(48)
        )

    @property
    def url(self) -> str:
        scheme = "https" if self.tls_cert else "http"
        return f"{scheme}://127.0.0.1:{self.nginx_port}"

    def app_url(self, index: int = 0) -> str:
        return f"http://127.0.0.1:{self.app_ports[index]}"

    def staff_url(self, index: int = 0) -> str:
        return f"http://127.0.0.1:{self.staff_ports[index]}"

    @property
    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "SHOP_CONFIG": "production",
                "DATABASE_URL": self.database_url,
                "MEDIA_ROOT": str(self.media_root),
                # The stack's processes (and its manage.py commands) signal each other here.
                "SHOP_CATALOGUE_SIGNAL_FILE": str(self.run_dir / "catalogue.signal"),
                "SHOP_TRUSTED_HOSTS": "127.0.0.1,localhost",
                "SHOP_SECURE_COOKIES": "1" if self.tls_cert else "0",  # "0": plain HTTP
                "PYTHONUNBUFFERED": "1",
            }
        )
        env.update(self.extra_env)
        return env

    def manage(
        self, *args: str, check: bool = True, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess:
        return subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env={**self.env, **(env or {})},
            check=check,
            capture_output=True,
            text=True,
        )

    def migrate(self) -> None:
        self.manage("db", "upgrade")

    def taken_ports(self) -> list[int]:
        ports = (*self.app_ports, *self.staff_ports, self.nginx_port)
        return [port for port in ports if not port_is_free(port)]

    def start(self) -> LocalStack:
        """Start every server and wait until each answers; on any failure stop whatever was
        started (nothing is left holding a port) and raise StackError."""
        taken = self.taken_ports()
        if taken:
            raise StackError(
                f"127.0.0.1 port(s) {', '.join(map(str, taken))} already in use: stop what "
                "holds them or choose other ports (GUNICORN_PORT, NGINX_PORT)."
            )
        try:
            for index in range(len(self.app_ports)):
                self.start_gunicorn(index)
            for index in range(len(self.staff_ports)):
                self.start_gunicorn(index, staff=True)
            self.start_nginx()
        except BaseException:
            self.stop()
            raise
        return self

    def start_gunicorn(self, index: int = 0, *, staff: bool = False) -> subprocess.Popen:
        port = (self.staff_ports if staff else self.app_ports)[index]
        name = f"gunicorn-staff-{index}" if staff else f"gunicorn-{index}"
        with open(self.run_dir / f"{name}.log", "ab") as log:  # the child keeps its own copy
            process = self._popen(
                [
                    GUNICORN,
                    "-c",
                    str(ROOT / "deploy" / "gunicorn.conf.py"),
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--access-logfile",
                    str(self.run_dir / f"{name}-access.log"),
                    "--pid",
                    str(self.run_dir / f"{name}.pid"),
                    *self.gunicorn_args,
                    *(self.staff_gunicorn_args if staff else []),
                    self.app_spec,
                ],
                log,
                cwd=ROOT,
                env=self.env,
            )
        self.processes[name] = process
        wait_for(
            f"http://127.0.0.1:{port}{self.ready_path}",
            headers={"Host": "127.0.0.1"},
            process=process,
            log=self.run_dir / f"{name}.log",
        )
        return process

    def nginx_config(self) -> str:
        args = ["nginx-config", "--listen", f"127.0.0.1:{self.nginx_port}"]
        for port in self.app_ports:
            args += ["--upstream", f"127.0.0.1:{port}"]
        for port in self.staff_ports:
            args += ["--staff-upstream", f"127.0.0.1:{port}"]
        if self.micro_cache:
            args += ["--micro-cache", str(self.run_dir / "micro-cache")]
        if self.tls_cert or self.tls_key:
            args += ["--tls-cert", str(self.tls_cert), "--tls-key", str(self.tls_key)]
        server = self.manage(*args, *self.nginx_args).stdout
        user = "user root;" if os.geteuid() == 0 else ""
        return NGINX_MAIN.format(user=user, run=self.run_dir, server=server)

    def start_nginx(self) -> subprocess.Popen:
        conf = self.run_dir / "nginx.conf"
        conf.write_text(self.nginx_config())
        command = [NGINX, "-c", str(conf), "-p", str(self.run_dir), "-e", "stderr"]
        check = subprocess.run([*command, "-t"], capture_output=True, text=True)
        if check.returncode != 0:
            raise StackError(f"nginx -t failed:\n{check.stderr}")
        with open(self.run_dir / "nginx.log", "ab") as log:
            process = self.processes["nginx"] = self._popen(command, log)
        wait_for(
            f"{self.url}{self.ready_path}",
            process=process,
            log=self.run_dir / "nginx.log",
            context=self.readiness_tls_context() if self.tls_cert else None,
        )
        return process

    @staticmethod
    def readiness_tls_context() -> ssl.SSLContext:
        """The readiness check only asks whether Nginx answers; a certificate need not name
        127.0.0.1 (tests check the certificate themselves)."""
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        return context

    @staticmethod
    def _popen(command: list[str], log, **kwargs) -> subprocess.Popen:
        # A session of their own: Ctrl-C in a terminal reaches only the script that started
        # them, which then stops Nginx and gunicorn in order (stop()), instead of every
        # server dying at once and the script reporting one of them as crashed.
        return subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, **kwargs
        )

    def gunicorn_pid(self, index: int = 0) -> int:
        return self.processes[f"gunicorn-{index}"].pid

    def reload_gunicorn(self, index: int = 0) -> None:
        os.kill(self.gunicorn_pid(index), signal.SIGHUP)

    def access_log(self, index: int = 0, *, staff: bool = False) -> str:
        path = self.run_dir / f"gunicorn-{'staff-' if staff else ''}{index}-access.log"
        return path.read_text() if path.exists() else ""

    def stop(self) -> None:
        for name, process in reversed(list(self.processes.items())):
            if process.poll() is None:
                process.send_signal(signal.SIGQUIT if name == "nginx" else signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes.clear()

    def __enter__(self) -> LocalStack:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
