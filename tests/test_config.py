"""Settings are declared once and layered: defaults < user file < environment < flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from parallax.config import Settings, load_settings
from parallax.errors import ConfigError


def test_defaults(tmp_path: Path) -> None:
    settings = load_settings(environ={}, path=tmp_path / "none.toml")
    assert settings.max_bytes == 20 * 1024 * 1024
    assert settings.db.name == "parallax.db"
    assert settings.fetch_links is False


def test_layers_override_in_order(tmp_path: Path) -> None:
    file = tmp_path / "config.toml"
    file.write_text('max_bytes = 1000\nfetch_timeout = 3.5\ndb = "/tmp/from-file.db"\n')
    from_file = load_settings(environ={}, path=file)
    assert (from_file.max_bytes, from_file.fetch_timeout) == (1000, 3.5)
    env = {"PARALLAX_MAX_BYTES": "2000", "PARALLAX_FETCH_LINKS": "yes"}
    from_env = load_settings(environ=env, path=file)
    assert (from_env.max_bytes, from_env.fetch_links, from_env.fetch_timeout) == (2000, True, 3.5)
    flags = load_settings({"max_bytes": 3000, "db": None}, environ=env, path=file)
    assert flags.max_bytes == 3000
    assert flags.db == Path("/tmp/from-file.db")  # a None flag does not override


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("max_bytes = 'lots'", "not a valid int"),
        ("colour = 'blue'", "unknown settings"),
        ("max_bytes = [", "not valid TOML"),
        ("max_bytes = -5", "must be positive"),
    ],
)
def test_bad_configuration_is_named(tmp_path: Path, content: str, message: str) -> None:
    file = tmp_path / "config.toml"
    file.write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_settings(environ={}, path=file)


def test_bad_environment_value_names_the_setting() -> None:
    with pytest.raises(ConfigError, match="fetch_links"):
        load_settings(environ={"PARALLAX_FETCH_LINKS": "perhaps"}, path=Path("/nonexistent"))


def test_settings_are_frozen() -> None:
    with pytest.raises(AttributeError):
        Settings().max_bytes = 1  # type: ignore[misc]


def test_a_store_url_stays_a_url_and_a_path_a_path(tmp_path: Path) -> None:
    url = "postgresql://news:pw@db.example:5433/parallax?sslmode=require"
    from_env = load_settings(environ={"PARALLAX_DB": url}, path=Path("/nonexistent"))
    assert from_env.db == url  # a Path would fold the '//'
    file = tmp_path / "config.toml"
    file.write_text(f"db = '{url}'")
    assert load_settings(environ={}, path=file).db == url
    flag = load_settings({"db": "~/news.db"}, environ={"PARALLAX_DB": url}, path=file)
    assert flag.db == Path.home() / "news.db"
