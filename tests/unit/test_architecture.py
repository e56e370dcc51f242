"""The layer rules hold on the source tree, and each check finds a breach of its rule.

The rules and the checker are in ``tests/architecture.py`` (and CONTRIBUTING.md). Each
rule is applied to ``api/`` and, to show that it can fail, to a small tree that breaks it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.architecture import (
    RULES,
    Tree,
    core_imports_no_domain,
    cross_domain_reads,
    domain_cycles,
    http_below_routers,
    jose_outside_tokens,
    sql_outside_repositories,
)

ROOT = Path(__file__).resolve().parents[2]

Rule = Callable[[Tree], Iterator[str]]


def _tree(tmp_path: Path, files: dict[str, str]) -> Tree:
    """A package ``api`` made of ``files`` (path -> source), with the __init__ files."""
    for name, source in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
        for parent in path.relative_to(tmp_path).parents:
            if parent != Path("."):
                (tmp_path / parent / "__init__.py").touch()
    return Tree(tmp_path)


@pytest.fixture(scope="module")
def source_tree() -> Tree:
    return Tree(ROOT)


@pytest.mark.parametrize("rule", list(RULES), ids=list(RULES))
def test_the_source_tree_keeps_the_rule(source_tree: Tree, rule: str) -> None:
    assert list(RULES[rule](source_tree)) == []


def test_a_core_module_importing_a_domain_is_found(tmp_path: Path) -> None:
    tree = _tree(
        tmp_path,
        {"api/core/helpers.py": "from api.referrals import service\n", "api/referrals/service.py": ""},
    )

    assert list(core_imports_no_domain(tree)) == ["api.core.helpers imports api.referrals.service"]


def test_two_domains_importing_each_other_are_a_cycle(tmp_path: Path) -> None:
    tree = _tree(
        tmp_path,
        {
            "api/alpha/service.py": "from api.beta import service\n",
            "api/beta/service.py": "from api.alpha.service import thing\n",
        },
    )

    assert list(domain_cycles(tree)) == ["alpha -> beta -> alpha"]


def test_a_cycle_through_three_domains_is_found(tmp_path: Path) -> None:
    tree = _tree(
        tmp_path,
        {
            "api/alpha/service.py": "from api.beta import service\n",
            "api/beta/service.py": "from api.gamma import service\n",
            "api/gamma/service.py": "import api.alpha.service\n",
        },
    )

    assert list(domain_cycles(tree)) == ["alpha -> beta -> gamma -> alpha"]


def test_a_router_using_another_domains_auth_is_no_cycle(tmp_path: Path) -> None:
    tree = _tree(
        tmp_path,
        {
            "api/alpha/router.py": "from api.beta.auth import Reader\n",
            "api/alpha/service.py": "",
            "api/beta/auth.py": "",
            "api/beta/service.py": "from api.alpha import service\n",
        },
    )

    assert list(domain_cycles(tree)) == []


def test_reading_another_domains_repository_or_table_is_found(tmp_path: Path) -> None:
    tree = _tree(
        tmp_path,
        {
            "api/alpha/service.py": "from api.beta import repository\nfrom api.beta.models import Row\n",
            "api/beta/repository.py": "",
            "api/beta/models.py": "",
            "api/cli.py": "from api.beta import repository\n",
        },
    )

    assert list(cross_domain_reads(tree)) == [
        "api.alpha.service reads api.beta.models",
        "api.alpha.service reads api.beta.repository",
        "api.cli reads api.beta.repository",
    ]


def test_another_domains_service_and_schemas_may_be_used(tmp_path: Path) -> None:
    tree = _tree(
        tmp_path,
        {
            "api/alpha/service.py": "from api.beta import service\nfrom api.beta.schemas import Ref\n",
            "api/alpha/models.py": "from api.beta.models import Row\n",
            "api/beta/service.py": "",
            "api/beta/schemas.py": "",
            "api/beta/models.py": "",
        },
    )

    assert list(cross_domain_reads(tree)) == []


def test_sql_outside_a_repository_is_found(tmp_path: Path) -> None:
    tree = _tree(
        tmp_path,
        {
            "api/alpha/service.py": (
                "from sqlalchemy import select\n"
                "from sqlalchemy.ext.asyncio import AsyncSession\n\n"
                "async def rows(session: AsyncSession) -> None:\n"
                "    await session.execute(select(1))\n"
            ),
            "api/alpha/versions.py": "import psycopg\n",
            "api/alpha/repository.py": "from sqlalchemy import select\n",
        },
    )

    assert sorted(sql_outside_repositories(tree)) == [
        "api.alpha.service:1 imports sqlalchemy.select",
        "api.alpha.service:5 calls .execute()",
        "api.alpha.versions:1 imports psycopg",
    ]


def test_python_jose_outside_the_token_module_is_found(tmp_path: Path) -> None:
    tree = _tree(
        tmp_path,
        {"api/core/tokens.py": "from jose import jwt\n", "api/alpha/service.py": "import jose.jwt\n"},
    )

    assert list(jose_outside_tokens(tree)) == ["api.alpha.service:1 imports jose.jwt"]


def test_fastapi_reaching_a_service_through_a_core_module_is_found(tmp_path: Path) -> None:
    tree = _tree(
        tmp_path,
        {
            "api/core/pagination.py": "from fastapi import Query\n",
            "api/alpha/service.py": "from api.core.pagination import Page\n",
            "api/alpha/schemas.py": "from fastapi import Body\n",
            "api/alpha/router.py": "from fastapi import APIRouter\nfrom api.alpha import service\n",
        },
    )

    assert list(http_below_routers(tree)) == [
        "api.alpha.schemas imports FastAPI",
        "api.alpha.service reaches FastAPI through api.core.pagination",
    ]
