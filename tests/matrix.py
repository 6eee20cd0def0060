"""The machinery of the permission matrix, shared by every table of it.

The main table (tests/test_permission_matrix.py) covers the views of issue 2;
each later area keeps its rows beside its tests in a module named
``test_access_<area>.py`` that defines ``GET_TABLE``/``POST_TABLE`` and
``COVERED`` (the URL names its rows reach). ``test_every_served_url_is_in_the_matrix``
collects them all, so a view without a row fails the suite.

Cells: a status code; ``login`` is the redirect to the login page with
``?next=`` (login required); ``admin`` the same for the admin's login page;
``→name`` a redirect to exactly the page the key ``name`` resolves to.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from tests.conftest import ROLES, Cast

TESTS = Path(__file__).resolve().parent


def parse(table: str) -> dict[str, dict[str, str]]:
    """Rows of a table keyed by their first cell; the columns must be ROLES, in order."""
    lines = [line.split() for line in table.strip().splitlines()]
    if not lines:
        return {}
    header, *rows = lines
    assert header == ["key", *ROLES], "the columns must be ROLES, in order"
    parsed = {}
    for key, *cells in rows:
        assert len(cells) == len(ROLES), f"row {key} needs one cell per role"
        parsed[key] = dict(zip(ROLES, cells, strict=True))
    return parsed


def client_as(cast: Cast, role: str) -> Client:
    client = Client()
    user = cast.user(role)
    if user is not None:
        client.force_login(user)
    return client


def outcome_matches(
    response: HttpResponse, expected: str, requested: str, url_of: Callable[[str], str]
) -> bool:
    if expected.isdigit():
        return response.status_code == int(expected)
    if response.status_code != 302:
        return False
    location = urlparse(response["Location"])
    if expected in {"login", "admin"}:
        login = reverse("login") if expected == "login" else reverse("admin:login")
        return location.path == login and parse_qs(location.query).get("next") == [requested]
    assert expected.startswith("→"), expected
    return response["Location"] == url_of(expected[1:])


def describe(response: HttpResponse) -> str:
    if response.status_code == 302:
        return f"302 → {response['Location']}"
    return str(response.status_code)


def wrong_get_answers(
    cast: Cast, url: str, row: dict[str, str], url_of: Callable[[str], str]
) -> list[str]:
    """The roles whose GET of `url` does not answer as `row` says, with what they got."""
    wrong = []
    for role in ROLES:
        response = client_as(cast, role).get(url)
        if not outcome_matches(response, row[role], url, url_of):
            wrong.append(f"{role}: expected {row[role]}, got {describe(response)}")
    return wrong


def area_modules() -> Iterable[object]:
    """Every ``test_access_*.py`` module under tests/, imported."""
    for path in sorted(TESTS.rglob("test_access_*.py")):
        spec = importlib.util.spec_from_file_location(f"_matrix_{path.stem}", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        # Registered first, as a normal import does, so dataclasses in the module can
        # resolve their postponed annotations through sys.modules.
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        yield module
