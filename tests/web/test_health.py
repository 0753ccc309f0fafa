"""/healthz answers 200 with a working database and 503 with an unreachable one."""

from shop import create_app


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_database_down(tmp_path):
    # Port 1 on loopback: nothing listens there, so the connection is refused at once.
    app = create_app(
        {
            "SHOP_CONFIG": "testing",
            "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://postgres@127.0.0.1:1/none",
            "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"connect_timeout": 2}},
        }
    )
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "down"
    # Pages fail politely too, with the shop's error page: unavailable, try again soon.
    page = app.test_client().get("/")
    assert page.status_code == 503
    assert "Temporarily unavailable" in page.get_data(as_text=True)
