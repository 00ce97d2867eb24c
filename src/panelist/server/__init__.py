"""Panelist's server: an HTTP API, a database and a background evaluation worker.

Needs the ``server`` extra (``pip install 'panelist[server]'``). Start it with
``panelist serve``; :func:`panelist.server.app.create_app` builds the application.
"""
