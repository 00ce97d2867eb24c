"""The server's commands, and the base install that never imports the server's packages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from panelist.server.cli import admin, serve
from tests.server.conftest import PASSWORD, Databases

HEAVY = ("fastapi", "starlette", "uvicorn", "sqlalchemy", "alembic", "argon2", "psycopg")


def test_importing_the_cli_imports_no_server_package() -> None:
    code = (
        "import sys, panelist.cli, panelist.server.cli; "
        f"print([m for m in {HEAVY!r} if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_admin_create(databases: Databases, tmp_path: Path) -> None:
    url = databases.new()
    runner = CliRunner()
    env = {"XDG_DATA_HOME": str(tmp_path)}
    args = [
        "create",
        "--email",
        "Boss@Example.org",
        "--organisation",
        "Acme",
        "--database-url",
        url,
    ]
    made = runner.invoke(admin, [*args, "--password-stdin"], input=PASSWORD + "\n", env=env)
    assert made.exit_code == 0, made.output
    assert made.output == "created admin boss@example.org in organisation Acme\n"
    again = runner.invoke(admin, [*args, "--password-stdin"], input=PASSWORD + "\n", env=env)
    assert again.exit_code == 1
    assert "boss@example.org already has an account" in again.output
    prompted = runner.invoke(
        admin,
        ["create", "--email", "b@x.org", "--organisation", "Acme", "--database-url", url],
        input="short\nshort\n",
        env=env,
    )
    assert prompted.exit_code == 1 and "at least 10 characters" in prompted.output


def test_serve_refuses_an_unreachable_database_in_one_line(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    result = CliRunner().invoke(
        serve,
        ["--database-url", f"sqlite:///{blocked}/sub/panelist.db"],
        env={"HOME": str(tmp_path)},
    )
    assert result.exit_code != 0
    assert result.output.count("\n") <= 1, result.output


def test_help_of_every_command() -> None:
    for command in (serve, admin):
        result = CliRunner().invoke(command, ["--help"])
        assert result.exit_code == 0 and command.help


def test_module_entry_point() -> None:
    env = {**os.environ}
    out = subprocess.run(
        [sys.executable, "-m", "panelist.server", "--help"], capture_output=True, text=True, env=env
    )
    assert out.returncode == 0
    assert "serve" in out.stdout and "admin" in out.stdout
