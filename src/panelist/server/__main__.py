"""``python -m panelist.server serve | admin create``."""

from panelist.server.cli import server

if __name__ == "__main__":
    server(prog_name="python -m panelist.server")
