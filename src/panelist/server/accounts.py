"""Accounts made outside the HTTP API: the first admin of an organisation."""

from __future__ import annotations

from sqlalchemy import select

from panelist.server import db
from panelist.server.config import ServerSettings
from panelist.server.security import MIN_PASSWORD, hash_password
from panelist.server.tables import Organisation, User


def create_admin(settings: ServerSettings, email: str, organisation: str, password: str) -> str:
    """Create an admin in ``organisation`` (made if needed); the e-mail as stored.

    Raises ``ValueError`` for a short password, an empty name or an e-mail already in use.
    """
    email = email.strip().lower()
    organisation = organisation.strip()
    if "@" not in email:
        raise ValueError(f"--email: {email!r} is not an e-mail address")
    if not organisation:
        raise ValueError("--organisation: give a name")
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"password: at least {MIN_PASSWORD} characters")
    engine = db.connect(settings.database_url)
    try:
        with db.sessions(engine)() as session:
            if session.scalars(select(User.id).where(User.email == email)).first():
                raise ValueError(f"--email: {email} already has an account")
            org = session.scalars(
                select(Organisation).where(Organisation.name == organisation)
            ).first()
            if org is None:
                org = Organisation(name=organisation)
                session.add(org)
                session.flush()
            session.add(
                User(
                    organisation_id=org.id,
                    email=email,
                    password_hash=hash_password(password),
                    role="admin",
                )
            )
            session.commit()
    finally:
        engine.dispose()
    return email
