"""The layering rules of docs/architecture.md, checked on the source.

- the scoring engine imports nothing from Django or from the apps;
- services and selectors never import views or forms;
- apps depend downward only, in the order below.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kinerja"

# Each app may import the apps listed before it, never those after it.
LAYERS = [
    "scoring",
    "core",
    "accounts",
    "organisation",
    "indicators",
    "cycles",
    "agreements",
    "plans",
    "measurements",
    "imports",
    "servicetimes",
    "api",
    "feedback",
    # Collects from the records of the apps below (feedback included); evaluations
    # and the apps above may push their own through notifications.services.
    "notifications",
    "evaluations",
    "dashboards",
]
# core hosts cross-cutting pieces (admin site, templates, commands) that read the apps.
UPWARD_ALLOWED = {
    ("core", "organisation"),
    ("core", "accounts"),
    ("accounts", "organisation"),
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _modules(app: str) -> list[Path]:
    return [p for p in (PACKAGE / app).rglob("*.py") if "migrations" not in p.parts]


def test_scoring_engine_is_free_of_django_and_the_apps():
    for path in _modules("scoring"):
        for name in _imports(path):
            assert not name.startswith("django"), f"{path} imports {name}"
            top = name.split(".")[1] if name.startswith("kinerja.") else ""
            assert top in ("", "scoring"), f"{path} imports {name}"


@pytest.mark.parametrize("app", LAYERS[1:])
def test_services_and_selectors_do_not_import_views_or_forms(app):
    for path in _modules(app):
        if path.stem not in {"services", "selectors", "standing", "access"}:
            continue
        for name in _imports(path):
            assert not name.endswith((".views", ".forms")), f"{path} imports {name}"


@pytest.mark.parametrize("app", LAYERS)
def test_apps_depend_downward_only(app):
    rank = LAYERS.index(app)
    for path in _modules(app):
        for name in _imports(path):
            parts = name.split(".")
            if parts[0] != "kinerja" or len(parts) < 2 or parts[1] not in LAYERS:
                continue
            other = parts[1]
            if LAYERS.index(other) > rank and (app, other) not in UPWARD_ALLOWED:
                pytest.fail(f"{path.relative_to(PACKAGE)} imports {name}: {app} sits below {other}")
