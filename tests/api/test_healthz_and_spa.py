from django.test import Client


def test_healthz_checks_the_database(db, settings):
    response = Client().get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["mode"] == ("services" if settings.SERVICES_MODE else "embedded")
    if settings.SERVICES_MODE:
        assert body["redis"] == "ok"


def test_healthz_reports_a_broken_redis(db, settings):
    settings.SERVICES_MODE = True
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["redis"].startswith("error")


def test_spa_routes_fall_back_to_the_app_and_set_the_csrf_cookie(db):
    client = Client()
    response = client.get("/jobs/123")
    assert response.status_code == 200
    assert b"KS-ERP" in response.content
    assert "csrftoken" in client.cookies
