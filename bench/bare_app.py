"""The yardstick for bench_pages.py: the least a Flask view can do (no database or template)."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def bare() -> str:
    return "ok"
