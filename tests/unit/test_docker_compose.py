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


def test_the_migration_waits_for_a_healthy_database(compose: dict[str, Any]) -> None:
    migrate = compose["services"]["migrate"]

    assert migrate["depends_on"]["db"]["condition"] == "service_healthy"


def test_the_schema_is_migrated_before_the_api_serves_with_several_workers(compose: dict[str, Any]) -> None:
    services = compose["services"]
    api, migrate = services["api"], services["migrate"]

    assert "kipni db upgrade" in " ".join(migrate["command"])
    assert api["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert api["command"] == ["kipni", "serve"]
    assert int(api["environment"]["KIPNI_WORKERS"]) > 1
    assert api["environment"]["KIPNI_ENVIRONMENT"] == "production"
    assert "@db:5432/" in api["environment"]["KIPNI_DATABASE_URL"]


def _database_user(url: str) -> str:
    return url.split("://", 1)[1].split(":", 1)[0]


def test_only_the_migration_runs_as_the_owner_of_the_schema(compose: dict[str, Any]) -> None:
    """The API's role must not be able to drop or alter the audit log, or switch off its
    trigger: it owns nothing (deploy/postgres-roles.sql; tests/db/test_postgres_roles.py)."""
    services = compose["services"]
    owner = services["db"]["environment"]["POSTGRES_USER"]
    users = {
        name: _database_user(service["environment"]["KIPNI_DATABASE_URL"])
        for name, service in services.items()
        if "KIPNI_DATABASE_URL" in service.get("environment", {})
    }

    assert users.pop("migrate") == owner
    assert users
    assert set(users.values()) == {"kipni_api"}
    volumes = " ".join(services["db"]["volumes"])
    assert "deploy/postgres-roles.sh:/docker-entrypoint-initdb.d/" in volumes
    assert "deploy/postgres-roles.sql:" in volumes


def test_a_checkpoint_of_the_audit_log_is_written_daily_to_its_own_volume(compose: dict[str, Any]) -> None:
    checkpoint = compose["services"]["audit-checkpoint"]
    command = " ".join(checkpoint["command"])
    [volume] = checkpoint["volumes"]
    name, _, mount = volume.partition(":")

    assert "kipni audit checkpoint --json" in command
    assert "sleep 86400" in command
    assert mount == "/checkpoints"
    assert "> $$name.part" in command
    assert name in compose["volumes"]
    assert "/checkpoints" in (PROJECT_ROOT / "Dockerfile").read_text()


def test_the_web_server_and_mail_catcher_are_there(compose: dict[str, Any]) -> None:
    services = compose["services"]

    assert services["web"]["depends_on"]["api"]["condition"] == "service_healthy"
    assert "mail" in services
    assert services["api"]["environment"]["KIPNI_SMTP_HOST"] == "mail"


def test_secrets_come_from_the_environment_and_are_required() -> None:
    text = COMPOSE.read_text()

    for name in (
        "KIPNI_DB_PASSWORD",
        "KIPNI_API_DB_PASSWORD",
        "KIPNI_JWT_SECRET",
        "KIPNI_DATA_KEYS",
        "KIPNI_AUDIT_KEYS",
    ):
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


def test_nginx_passes_the_sitemap_robots_and_media_to_the_api_and_logs_no_address() -> None:
    conf = (PROJECT_ROOT / "deploy" / "nginx.conf").read_text()
    proxied = re.search(r"location ~ (\S+) \{\s*proxy_pass http://api:8000;", conf)
    assert proxied is not None

    for path in (
        "/sitemap.xml",
        "/robots.txt",
        "/media/sign-language/a.webm",
        "/api/v1/site/legal",
        "/healthz",
    ):
        assert re.search(proxied.group(1), path), path
    for path in ("/impressum", "/datenschutz", "/sitemap.xml.bak"):
        assert not re.search(proxied.group(1), path), path
    log_format = re.search(r"log_format kipni '([^']*)'", conf)
    assert log_format is not None
    assert "$remote_addr" not in log_format.group(1)
    assert "$request " not in log_format.group(1) + " "
    assert "access_log /var/log/nginx/access.log kipni;" in conf
