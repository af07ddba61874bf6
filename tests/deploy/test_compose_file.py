"""deploy/compose.yaml as an engine reads it: every service built from deploy/Containerfile names its build, and the
file's conditions give the order the stack needs (the database healthy, then the migration to its end, then the
replicas, then the proxy once every replica is healthy), the proxy's upstream holding exactly the replicas.
`deploy/containers_check.py` runs the file itself (docs/DEPLOY.md, "Containers"); this holds its rules on every run
of the suite, without a container engine."""

from __future__ import annotations

import re

import yaml

from deploy.topology import ROOT

COMPOSE = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text(encoding="utf-8"))
SERVICES: dict[str, dict] = COMPOSE["services"]
CONTAINERFILE = (ROOT / "deploy" / "Containerfile").read_text(encoding="utf-8")


def built_here() -> dict[str, dict]:
    return {n: s for n, s in SERVICES.items() if s.get("image", "").startswith("dashboard-")}


def one_shots() -> set[str]:
    return {n for n, s in built_here().items() if str(s.get("restart")) == "no"}


def replicas() -> set[str]:
    return {n for n, s in built_here().items() if s["image"] == "dashboard-app"} - one_shots()


def conditions(service: str) -> dict[str, str]:
    """What a service waits for: dependency -> condition (a plain list means "started")."""
    deps = SERVICES[service].get("depends_on", {})
    if isinstance(deps, list):
        return dict.fromkeys(deps, "service_started")
    return {name: spec.get("condition", "service_started") for name, spec in deps.items()}


def test_the_file_has_what_the_rules_below_read():
    assert one_shots() == {"migrate"} and len(replicas()) >= 2 and "proxy" in SERVICES and "db" in SERVICES


def test_every_image_built_here_is_built_by_each_service_that_runs_it():
    # An image-only service would be pulled from a registry by docker compose (docker/compose#8805).
    for name, service in built_here().items():
        build = service.get("build")
        assert build and build["dockerfile"] == "deploy/Containerfile", f"{name} names no build of its image"
        assert build["target"] == service["image"].removeprefix("dashboard-"), f"{name} builds another stage"


def test_the_migration_runs_once_the_database_is_healthy():
    assert "healthcheck" in SERVICES["db"], "service_healthy needs the database's health check"
    for name in one_shots():
        assert conditions(name).get("db") == "service_healthy", name


def test_every_replica_starts_once_every_migration_has_ended():
    for name in replicas():
        waits = conditions(name)
        for shot in one_shots():
            assert waits.get(shot) == "service_completed_successfully", f"{name} does not wait for {shot}"


def test_the_proxy_starts_once_every_replica_is_healthy():
    assert re.search(r"^FROM .* AS app$(?:(?!^FROM ).)*^HEALTHCHECK ", CONTAINERFILE, re.M | re.S), (
        "service_healthy needs the app image's HEALTHCHECK"
    )
    waits = conditions("proxy")
    assert {n for n, c in waits.items() if c == "service_healthy"} == replicas()


def test_the_proxy_upstream_is_exactly_the_replicas():
    conf = (ROOT / "deploy" / "nginx" / "compose.conf").read_text(encoding="utf-8")
    upstream = re.search(r"upstream dashboard_replicas \{(.*?)\}", conf, re.S).group(1)
    assert set(re.findall(r"^\s*server (\S+):8501\b", upstream, re.M)) == replicas()
