"""The layer rules of the code base, checked on the source tree (``ast``, no imports run).

``tests/unit/test_architecture.py`` applies them to ``api/`` and, to show that each one
can fail, to small trees that break them. The rules (see CONTRIBUTING.md):

- ``api/core`` imports no domain (nor the composition root: ``api.main``, ``api.cli``...);
- the domains do not import each other in a circle (an import of another domain's HTTP
  module, such as ``api.accounts.dependencies`` or an ``auth.py``, is no edge: HTTP sits
  on top of every domain);
- a domain imports another's ``service`` and ``schemas`` only, and another's ``models``
  only from its own ``models.py`` (relationships) or for enumerations;
- only ``repository.py`` files (and ``core/db.py``, ``core/health.py``) build or run SQL;
- only ``api/core/tokens.py`` imports python-jose;
- FastAPI (or Starlette) reaches no service, repository, model or schema module, neither
  directly nor through anything it imports.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

HTTP_PACKAGES = ("fastapi", "starlette")
SQL_NAMES = frozenset(
    {
        "select", "insert", "update", "delete", "text", "func", "case", "literal", "literal_column",
        "exists", "tuple_", "or_", "and_", "not_", "true", "false", "null", "union", "union_all",
        "column", "table", "bindparam", "cast", "Select", "Insert", "Update", "Delete", "TextClause",
    }
)  # fmt: skip
SQL_MODULES = ("sqlalchemy.dialects", "sqlalchemy.sql", "sqlalchemy.future", "psycopg", "asyncpg", "sqlite3")
SQL_CALLS = frozenset({"execute", "scalar", "scalars", "stream", "stream_scalars", "exec_driver_sql"})
# Database plumbing: the engine, the runner of statements sent together (it runs what
# repositories build), the readiness probe, and the backup command (it copies the
# database through SQLite's backup API or pg_dump, and builds no statement of its own).
SQL_ALLOWED = frozenset({"api.core.db", "api.core.pipeline", "api.core.health", "api.backup"})
JOSE_ALLOWED = frozenset({"api.core.tokens"})
NEVER_HTTP = frozenset({"service", "repository", "models", "schemas"})
# Modules that assemble the application; they may import anything and nothing imports them.
ROOT_MODULES = frozenset({"api", "api.main", "api.v1", "api.cli", "api.models", "api.seed", "api.seed.demo"})
HTTP_LEAVES = frozenset({"router", "auth", "dependencies", "params"})
CROSS_DOMAIN_MODULES = frozenset({"service", "schemas"})


@dataclass
class Module:
    name: str
    path: Path
    imports: set[str] = field(default_factory=set)  # modules of the tree, resolved
    imported_names: list[tuple[str, str, int]] = field(default_factory=list)  # (module, name, line)
    external: list[tuple[str, int]] = field(default_factory=list)  # (dotted name, line)
    sql_calls: list[tuple[str, int]] = field(default_factory=list)

    @property
    def leaf(self) -> str:
        return self.name.rsplit(".", 1)[-1]

    @property
    def imports_http(self) -> bool:
        return any(name.split(".")[0] in HTTP_PACKAGES for name, _ in self.external)


class Tree:
    """The modules of one package (``api``), read from ``root``."""

    def __init__(self, root: Path, package: str = "api") -> None:
        self.root = root
        self.package = package
        self.modules: dict[str, Module] = {}
        base = root / package
        for path in sorted(base.rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            name = ".".join(parts)
            self.modules[name] = Module(name, path)
        for module in self.modules.values():
            self._read(module)

    def _resolve(self, dotted: str) -> str | None:
        while dotted:
            if dotted in self.modules:
                return dotted
            dotted = dotted.rpartition(".")[0]
        return None

    def _read(self, module: Module) -> None:
        tree = ast.parse(module.path.read_text(encoding="utf-8"), str(module.path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    self._note(module, alias.name, None, node.lineno)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    self._note(module, node.module, alias.name, node.lineno)
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in SQL_CALLS
            ):
                module.sql_calls.append((node.func.attr, node.lineno))

    def _note(self, module: Module, dotted: str, name: str | None, line: int) -> None:
        if dotted.split(".")[0] != self.package:
            module.external.append((dotted if name is None else f"{dotted}.{name}", line))
            return
        target = self._resolve(f"{dotted}.{name}") if name else None
        if target is None or target == self._resolve(dotted):
            target = self._resolve(dotted)
            if name is not None and target is not None:
                module.imported_names.append((target, name, line))
        if target is not None and target != module.name:
            module.imports.add(target)

    # What a module is

    def domain_of(self, name: str) -> str | None:
        """``api.referrals.service`` -> ``referrals``; None for core and the root modules."""
        parts = name.split(".")
        if name in ROOT_MODULES or len(parts) < 2 or parts[1] == "core":
            return None
        if not (self.root / self.package / parts[1]).is_dir():
            return None
        return parts[1]

    def is_http(self, name: str) -> bool:
        """HTTP modules: those importing FastAPI, and routers and auth modules by name."""
        module = self.modules[name]
        return module.imports_http or module.leaf in HTTP_LEAVES or module.leaf.endswith("_router")

    def closure(self, name: str) -> set[str]:
        seen: set[str] = set()
        todo = [name]
        while todo:
            current = todo.pop()
            for target in self.modules[current].imports:
                if target not in seen:
                    seen.add(target)
                    todo.append(target)
        return seen


def _is_enum(module: str, name: str) -> bool:
    try:
        value = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return False
    return isinstance(value, type) and issubclass(value, Enum)


def core_imports_no_domain(tree: Tree) -> Iterator[str]:
    for module in tree.modules.values():
        if not module.name.startswith(f"{tree.package}.core"):
            continue
        for target in sorted(module.imports):
            if not target.startswith(f"{tree.package}.core") and target != tree.package:
                yield f"{module.name} imports {target}"


def domain_edges(tree: Tree) -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for module in tree.modules.values():
        source = tree.domain_of(module.name)
        if source is None:
            continue
        for target in module.imports:
            domain = tree.domain_of(target)
            if domain is not None and domain != source and not tree.is_http(target):
                edges.setdefault(source, set()).add(domain)
    return edges


def domain_cycles(tree: Tree) -> Iterator[str]:
    edges = domain_edges(tree)
    found: set[tuple[str, ...]] = set()

    def visit(path: list[str]) -> None:
        for following in sorted(edges.get(path[-1], ())):
            if following == path[0]:
                cycle = path[path.index(min(path)) :] + path[: path.index(min(path))]
                found.add(tuple(cycle))
            elif following not in path and following > path[0]:
                visit([*path, following])

    for start in sorted(edges):
        visit([start])
    for cycle in sorted(found):
        yield " -> ".join((*cycle, cycle[0]))


def cross_domain_reads(tree: Tree) -> Iterator[str]:
    for module in tree.modules.values():
        source = tree.domain_of(module.name)
        if source is None:
            if module.name in ROOT_MODULES:
                # The composition root assembles the domains, but never through a repository.
                for target in sorted(module.imports):
                    if target.rsplit(".", 1)[-1] == "repository":
                        yield f"{module.name} reads {target}"
            continue
        for target in sorted(module.imports):
            domain = tree.domain_of(target)
            if domain is None or domain == source or tree.is_http(target):
                continue
            leaf = target.rsplit(".", 1)[-1]
            if leaf in CROSS_DOMAIN_MODULES:
                continue
            if leaf == "models":
                names = [name for mod, name, _ in module.imported_names if mod == target]
                if module.leaf == "models" or (names and all(_is_enum(target, name) for name in names)):
                    continue
            yield f"{module.name} reads {target}"


def sql_outside_repositories(tree: Tree) -> Iterator[str]:
    for module in tree.modules.values():
        if module.leaf == "repository" or module.name in SQL_ALLOWED:
            continue
        for dotted, line in module.external:
            head, _, name = dotted.rpartition(".")
            if dotted.startswith(SQL_MODULES) or (head == "sqlalchemy" and name in SQL_NAMES):
                yield f"{module.name}:{line} imports {dotted}"
            elif dotted == "sqlalchemy":
                yield f"{module.name}:{line} imports sqlalchemy itself"
        for call, line in module.sql_calls:
            yield f"{module.name}:{line} calls .{call}()"


def jose_outside_tokens(tree: Tree) -> Iterator[str]:
    for module in tree.modules.values():
        if module.name in JOSE_ALLOWED:
            continue
        for dotted, line in module.external:
            if dotted.split(".")[0] == "jose":
                yield f"{module.name}:{line} imports {dotted}"


def http_below_routers(tree: Tree) -> Iterator[str]:
    for module in tree.modules.values():
        if module.leaf in NEVER_HTTP and module.imports_http:
            yield f"{module.name} imports FastAPI"
        if tree.is_http(module.name) or module.name in ROOT_MODULES:
            continue
        for target in sorted(tree.closure(module.name)):
            if tree.is_http(target):
                yield f"{module.name} reaches FastAPI through {target}"
                break


RULES = {
    "core imports no domain": core_imports_no_domain,
    "no cycle between domains": domain_cycles,
    "a domain reads another only through its service": cross_domain_reads,
    "SQL only in repositories": sql_outside_repositories,
    "python-jose only in api/core/tokens.py": jose_outside_tokens,
    "FastAPI reaches no service": http_below_routers,
}
