"""The production-like stack is wired right (no engine runs here, so the file is read)."""

from __future__ import annotations

import ipaddress
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from api.core.config import PROJECT_ROOT

COMPOSE = PROJECT_ROOT / "docker-compose.yml"


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(COMPOSE.read_text())
    return data


def test_postgres_has_a_healthcheck(compose: dict[str, Any]) -> None:
    db = compose["services"]["db"]

    assert db["image"].startswith("postgres:")
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])


def test_the_api_waits_for_a_healthy_database(compose: dict[str, Any]) -> None:
    api = compose["services"]["api"]

    assert api["depends_on"]["db"]["condition"] == "service_healthy"


def test_the_api_migrates_before_it_serves_with_several_workers(compose: dict[str, Any]) -> None:
    api = compose["services"]["api"]
    command = " ".join(api["command"])

    assert command.index("kipni db upgrade") < command.index("kipni serve")
    assert int(api["environment"]["KIPNI_WORKERS"]) > 1
    assert api["environment"]["KIPNI_ENVIRONMENT"] == "production"
    assert "@db:5432/" in api["environment"]["KIPNI_DATABASE_URL"]


def test_the_web_server_and_mail_catcher_are_there(compose: dict[str, Any]) -> None:
    services = compose["services"]

    assert services["web"]["depends_on"]["api"]["condition"] == "service_healthy"
    assert "mail" in services
    assert services["api"]["environment"]["KIPNI_SMTP_HOST"] == "mail"


def test_secrets_come_from_the_environment_and_are_required() -> None:
    text = COMPOSE.read_text()

    for name in ("KIPNI_DB_PASSWORD", "KIPNI_JWT_SECRET", "KIPNI_DATA_KEYS"):
        assert re.search(r"\$\{" + name + r":\?[^}]*\}", text), name
    assert not re.search(r"PASSWORD:\s+[^$\s]", text)


def test_build_targets_exist_in_the_dockerfile(compose: dict[str, Any]) -> None:
    dockerfile = (PROJECT_ROOT / "Dockerfile").read_text()

    for service in ("api", "web"):
        target = compose["services"][service]["build"]["target"]
        assert re.search(rf"^FROM .+ AS {target}$", dockerfile, re.MULTILINE)


def test_nginx_passes_the_api_to_the_workers() -> None:
    conf = (PROJECT_ROOT / "deploy" / "nginx.conf").read_text()

    assert "proxy_pass http://api:8000" in conf
    assert Path(PROJECT_ROOT / "deploy" / "nginx.conf").is_file()


def test_the_outbox_worker_runs_beside_the_api(compose: dict[str, Any]) -> None:
    worker = compose["services"]["worker"]

    assert worker["command"] == ["kipni", "worker"]
    assert worker["depends_on"]["api"]["condition"] == "service_healthy"
    assert worker["environment"]["KIPNI_SMTP_HOST"] == "mail"
    assert (
        worker["environment"]["KIPNI_DATABASE_URL"]
        == compose["services"]["api"]["environment"]["KIPNI_DATABASE_URL"]
    )


def test_the_api_believes_forwarded_addresses_from_nginx_alone(compose: dict[str, Any]) -> None:
    """Any other container that reached the API could otherwise claim any client address,
    and dodge or trigger the sign-in and contact-form throttles."""
    services = compose["services"]
    api, web = services["api"], services["web"]
    trusted = api["environment"]["KIPNI_FORWARDED_ALLOW_IPS"]
    shared = set(api["networks"]) & set(web["networks"])

    assert "*" not in trusted
    assert "ports" not in api
    assert [trusted] == [web["networks"][network]["ipv4_address"] for network in shared]
    [edge] = shared
    subnet = compose["networks"][edge]["ipam"]["config"][0]["subnet"]
    assert ipaddress.ip_address(trusted) in ipaddress.ip_network(subnet)
    others = {name for name, service in services.items() if edge in service.get("networks", {})}
    assert others == {"api", "web"}
    conf = (PROJECT_ROOT / "deploy" / "nginx.conf").read_text()
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in conf
