"""Settings come from the environment and a bad value stops start-up, naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kinerja.env import Env, EnvError, database_from_url

ROOT = Path(__file__).resolve().parents[2]


def env(**values: str) -> Env:
    return Env(values)


@pytest.mark.parametrize("raw", ["1", "true", "TRUE", " yes ", "on"])
def test_flag_reads_true(raw):
    assert env(DEBUG=raw).flag("DEBUG", False) is True


@pytest.mark.parametrize("raw", ["0", "false", "No", "off", ""])
def test_flag_reads_false(raw):
    assert env(DEBUG=raw).flag("DEBUG", True) is False


def test_flag_missing_is_the_default():
    assert env().flag("DEBUG", True) is True


@pytest.mark.parametrize("raw", ["maybe", "2", "ya"])
def test_flag_refuses_anything_else_naming_the_variable(raw):
    with pytest.raises(EnvError, match=rf"^DEBUG must be true or false, got '{raw}'$"):
        env(DEBUG=raw).flag("DEBUG", False)


def test_integer_reads_whole_numbers_and_defaults():
    assert env(SESSION_COOKIE_AGE="600").integer("SESSION_COOKIE_AGE", 1, minimum=300) == 600
    assert env().integer("SESSION_COOKIE_AGE", 28800, minimum=300) == 28800


@pytest.mark.parametrize("raw", ["ten", "1.5", "", "1e3"])
def test_integer_refuses_a_non_number_naming_the_variable(raw):
    with pytest.raises(EnvError, match=r"^EVIDENCE_MAX_MB must be a whole number"):
        env(EVIDENCE_MAX_MB=raw).integer("EVIDENCE_MAX_MB", 10, minimum=1)


def test_integer_refuses_a_value_below_the_minimum():
    with pytest.raises(EnvError, match=r"^EVIDENCE_MAX_MB must be at least 1, got 0$"):
        env(EVIDENCE_MAX_MB="0").integer("EVIDENCE_MAX_MB", 10, minimum=1)
    with pytest.raises(EnvError, match=r"^SECURE_HSTS_SECONDS must be at least 0, got -5$"):
        env(SECURE_HSTS_SECONDS="-5").integer("SECURE_HSTS_SECONDS", 0, minimum=0)


def test_choice_accepts_a_listed_value_and_refuses_others():
    levels = {"DEBUG", "INFO", "WARNING", "ERROR"}
    assert env(LOG_LEVEL="ERROR").choice("LOG_LEVEL", "INFO", levels) == "ERROR"
    assert env().choice("LOG_LEVEL", "INFO", levels) == "INFO"
    with pytest.raises(EnvError) as caught:
        env(LOG_LEVEL="chatty").choice("LOG_LEVEL", "INFO", levels)
    assert str(caught.value) == (
        "LOG_LEVEL must be one of DEBUG, ERROR, INFO, WARNING, got 'chatty'"
    )


def test_url_checks_the_scheme():
    schemes = {"redis", "rediss", "memory"}
    assert env(CELERY_BROKER_URL="redis://h:6379/0").url("CELERY_BROKER_URL", schemes) == (
        "redis://h:6379/0"
    )
    assert env().url("CELERY_BROKER_URL", schemes) is None
    assert env(CELERY_BROKER_URL="  ").url("CELERY_BROKER_URL", schemes) is None
    with pytest.raises(EnvError, match=r"^CELERY_BROKER_URL must be a URL with scheme memory, "):
        env(CELERY_BROKER_URL="amqp://guest@h//").url("CELERY_BROKER_URL", schemes)
    with pytest.raises(
        EnvError, match=r"^CELERY_BROKER_URL must be a URL with scheme .*, got 'localhost'$"
    ):
        env(CELERY_BROKER_URL="localhost:6379").url("CELERY_BROKER_URL", schemes)


def test_items_split_on_commas():
    assert env(ALLOWED_HOSTS=" a.go.id, b.go.id,, ").items("ALLOWED_HOSTS", []) == [
        "a.go.id",
        "b.go.id",
    ]
    assert env().items("ALLOWED_HOSTS", ["localhost"]) == ["localhost"]


def test_text_and_path():
    assert env(TIME_ZONE="Asia/Makassar").text("TIME_ZONE", "Asia/Jakarta") == "Asia/Makassar"
    assert env().text("TIME_ZONE", "Asia/Jakarta") == "Asia/Jakarta"
    assert env(MEDIA_ROOT="~/bukti").path("MEDIA_ROOT", Path("/x")) == Path.home() / "bukti"
    assert env().path("MEDIA_ROOT", Path("/x")) == Path("/x")


def test_database_from_url_for_an_absolute_sqlite_file():
    assert database_from_url("sqlite:////var/lib/kinerja/kinerja.sqlite3") == {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": "/var/lib/kinerja/kinerja.sqlite3",
    }
    assert (
        database_from_url("sqlite:////data/dua%20kata.sqlite3")["NAME"] == "/data/dua kata.sqlite3"
    )


def test_database_from_url_for_postgres():
    url = "postgres://kinerja:p%40ss%2Fw@db.internal:6543/kinerja_jambi?sslmode=require"
    assert database_from_url(url) == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "kinerja_jambi",
        "USER": "kinerja",
        "PASSWORD": "p@ss/w",
        "HOST": "db.internal",
        "PORT": "6543",
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {"sslmode": "require"},
    }
    minimal = database_from_url("postgresql://localhost/kinerja")
    assert (minimal["NAME"], minimal["USER"], minimal["PORT"], minimal["OPTIONS"]) == (
        "kinerja",
        "",
        "",
        {},
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("sqlite://", "DATABASE_URL names no SQLite file"),
        ("postgres://db.internal:5432/", "DATABASE_URL names no database"),
        ("postgres://db.internal:port/kinerja", "DATABASE_URL has a port that is not a number"),
        ("mysql://db/kinerja", "DATABASE_URL must start with postgres:// or sqlite:///"),
        ("kinerja.sqlite3", "DATABASE_URL must start with postgres:// or sqlite:///"),
    ],
)
def test_database_from_url_refuses_bad_urls(url, message):
    with pytest.raises(EnvError, match=f"^{message}"):
        database_from_url(url)


def test_database_from_url_names_the_variable_it_was_given():
    with pytest.raises(EnvError, match=r"^REPLICA_URL must start with"):
        database_from_url("mysql://db/kinerja", variable="REPLICA_URL")


def _import_settings(tmp_path: Path, **overrides: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    environment.update(KINERJA_DATA_DIR=str(tmp_path), **overrides)
    return subprocess.run(
        [sys.executable, "-c", "import kinerja.settings"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_settings_import_with_a_sound_environment(tmp_path):
    result = _import_settings(tmp_path, DEBUG="false", LOG_LEVEL="WARNING")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG must be true or false, got 'maybe'"),
        ("EVIDENCE_MAX_MB", "0", "EVIDENCE_MAX_MB must be at least 1, got 0"),
        ("LOG_LEVEL", "chatty", "LOG_LEVEL must be one of"),
        ("DATABASE_URL", "mysql://db/kinerja", "DATABASE_URL must be a URL with scheme"),
        ("CELERY_BROKER_URL", "amqp://guest@h//", "CELERY_BROKER_URL must be a URL with scheme"),
    ],
)
def test_settings_refuse_to_load_with_a_bad_value(tmp_path, variable, value, message):
    result = _import_settings(tmp_path, **{variable: value})
    assert result.returncode != 0
    assert "EnvError" in result.stderr
    assert message in result.stderr
