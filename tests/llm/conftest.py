"""The scripted loopback server shared by the LLM tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from panelist.llm import client as client_module
from tests.llm.fake_server import FakeServer


@pytest.fixture
def server() -> Iterator[FakeServer]:
    fake = FakeServer()
    client_module._remembered.clear()
    yield fake
    fake.close()
