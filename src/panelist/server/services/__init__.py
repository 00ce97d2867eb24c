"""What the API and the web pages both do: plain functions over a database session.

Routes (``panelist.server.api`` for JSON, ``panelist.server.web`` for pages) check who is
calling, then call these; a refusal is a :class:`~panelist.server.services.errors.Refused`
carrying its HTTP status, which each side shows in its own way (JSON or a page).
"""
