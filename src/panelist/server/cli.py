"""The server's commands: ``serve`` and ``admin create``.

Importing this module is cheap: the server's dependencies (the ``server`` extra) are imported
when a command runs, and their absence is an error naming the install command.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from panelist.server.config import ServerSettings

_EXTRA = "pip install 'panelist[server]'"


def _settings(**overrides: Any) -> ServerSettings:
    try:
        import fastapi  # noqa: F401
        import sqlalchemy  # noqa: F401
        from pydantic import ValidationError

        from panelist.server.config import ServerSettings
    except ImportError as exc:
        raise click.ClickException(f"the server needs {exc.name}: {_EXTRA}") from None
    try:
        return ServerSettings(**{k: v for k, v in overrides.items() if v is not None})
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise click.ClickException(f"invalid server settings: {problems}") from None


def _shown(url: str) -> str:
    """``url`` with its password hidden."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _migrate(settings: ServerSettings) -> None:
    """Bring the database to the latest schema, or stop with a one-line error."""
    from sqlalchemy.exc import SQLAlchemyError

    from panelist.server import db

    engine = db.connect(settings.database_url)
    try:
        db.migrate(engine)
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise click.ClickException(
            f"cannot use the database {_shown(settings.database_url)}: {reason}"
        ) from None
    finally:
        engine.dispose()


def _log_config() -> dict[str, Any]:
    """Uvicorn's logging, plus Panelist's server loggers (uvicorn's access log is off)."""
    from uvicorn.config import LOGGING_CONFIG

    config: dict[str, Any] = {**LOGGING_CONFIG, "loggers": dict(LOGGING_CONFIG["loggers"])}
    config["loggers"]["panelist"] = {"handlers": ["default"], "level": "INFO"}
    return config


database_option = click.option(
    "--database-url",
    envvar="PANELIST_DATABASE_URL",
    help="SQLAlchemy URL [default: SQLite file panelist.db in the user data folder].",
)


@click.command()
@click.option("--host", help="Address to listen on [default: 127.0.0.1].")
@click.option("--port", type=click.IntRange(0, 65535), help="Port [default: 8000].")
@database_option
def serve(host: str | None, port: int | None, database_url: str | None) -> None:
    """Start the HTTP server and its evaluation worker (API under /api/v1, docs at /docs)."""
    settings = _settings(host=host, port=port, database_url=database_url)
    _migrate(settings)
    import uvicorn

    from panelist.errors import PanelistError
    from panelist.server.app import create_app

    try:
        app = create_app(settings)
    except PanelistError as exc:
        raise click.ClickException(f"PANELIST_SERVER_ENGINE: {exc}") from None
    click.echo(
        f"panelist: serving on http://{settings.host}:{settings.port} "
        f"(database {_shown(settings.database_url)}, engine {settings.engine})",
        err=True,
    )
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        access_log=False,
        log_config=_log_config(),
        server_header=False,
    )


@click.group()
def admin() -> None:
    """Manage the server's accounts from the command line."""


@admin.command("create")
@click.option("--email", required=True, help="The admin's e-mail, used to sign in.")
@click.option("--organisation", required=True, help="Created when it does not exist.")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from standard input (one line)."
)
@database_option
def admin_create(
    email: str, organisation: str, password_stdin: bool, database_url: str | None
) -> None:
    """Create an admin account (and its organisation), e.g. the first one."""
    settings = _settings(database_url=database_url)
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        from panelist.server.security import MIN_PASSWORD

        def long_enough(value: str) -> str:  # asked again before the confirmation
            if len(value) < MIN_PASSWORD:
                raise click.UsageError(f"at least {MIN_PASSWORD} characters")
            return value

        password = click.prompt(
            f"Password (at least {MIN_PASSWORD} characters)",
            hide_input=True,
            confirmation_prompt=True,
            value_proc=long_enough,
        )
    from panelist.server.accounts import create_admin

    _migrate(settings)
    try:
        user = create_admin(settings, email, organisation, password)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"created admin {user} in organisation {organisation}")


@click.command(hidden=True)
@click.option("-m", "--message", required=True, help="What the migration changes.")
@database_option
def revision(message: str, database_url: str | None) -> None:
    """Write a new migration, autogenerated from the tables (for developers)."""
    from alembic import command

    from panelist.server import db

    settings = _settings(database_url=database_url)
    _migrate(settings)
    engine = db.connect(settings.database_url)
    command.revision(db.alembic_config(engine), message=message, autogenerate=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def server() -> None:
    """Panelist's server: python -m panelist.server serve | admin create."""


server.add_command(serve)
server.add_command(admin)
server.add_command(revision)
