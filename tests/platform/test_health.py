import pytest

pytestmark = pytest.mark.django_db


def test_health_reports_database_broker_and_storage(tenants, client_for):
    response = client_for(tenants.a).get("/health/")

    payload = response.json()
    assert response.status_code == 200, payload
    assert payload["status"] == "ok"
    assert set(payload["checks"]) == {"database", "broker", "storage"}
    assert all(check["ok"] for check in payload["checks"].values())


def test_health_reports_failure(tenants, client_for, monkeypatch):
    from valmo import health

    def broken():
        raise ConnectionError("broker down")

    monkeypatch.setattr(health, "_broker", broken)
    response = client_for(tenants.a).get("/health/")

    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == {
        "ok": False,
        "error": "ConnectionError",
        "detail": "broker down",
    }
