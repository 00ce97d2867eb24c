"""The pieces both candidate links share (an interview's ``/i/`` and a round's ``/f/``): moving
between pages, the form's side-by-side fields, page numbers, and a draft saved again when a
concurrent save created it first."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import IntegrityError

from panelist.server.services import links
from panelist.server.services.errors import Refused
from panelist.server.web import candidate_link
from panelist.server.web.deps import paired


@pytest.mark.parametrize(
    ("n", "go", "target"),
    [
        (1, "next", "/f/T/q/2"),
        (3, "next", "/f/T/review"),
        (2, "prev", "/f/T/q/1"),
        (1, "prev", "/f/T/q/1"),
        (2, "review", "/f/T/review"),
        (2, "stay", "/f/T/q/2"),
    ],
)
def test_after_save_moves_between_pages(n: int, go: str, target: str) -> None:
    response = candidate_link.after_save("/f/T", n, 3, go)
    assert (response.status_code, response.headers["location"]) == (303, target)


@pytest.mark.parametrize("n", [0, 4, -1])
def test_a_page_out_of_range_is_not_found(n: int) -> None:
    with pytest.raises(Refused) as refused:
        candidate_link.page_of(n, ["a", "b", "c"], "no part")
    assert (refused.value.status_code, refused.value.detail) == (404, f"no part {n}")
    assert candidate_link.page_of(3, ["a", "b", "c"], "no part") == "c"


def test_side_by_side_fields_must_have_as_many_rows() -> None:
    assert paired(["a", "b"], ["1", "2"]) == [("a", "1"), ("b", "2")]
    assert paired(None, None) == []
    with pytest.raises(Refused) as refused:
        paired(["a"], None)
    assert refused.value.status_code == 422


class _Session:
    """A session whose first ``failures`` commits find the draft already created."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.rollbacks = 0

    def commit(self) -> None:
        if self.failures:
            self.failures -= 1
            raise IntegrityError("INSERT", {}, Exception("unique"))

    def rollback(self) -> None:
        self.rollbacks += 1


@pytest.mark.parametrize(("failures", "writes", "rollbacks"), [(0, 1, 0), (1, 2, 1)])
def test_a_draft_created_concurrently_is_written_again(
    failures: int, writes: int, rollbacks: int
) -> None:
    session = _Session(failures)
    written: list[datetime] = []

    def write() -> datetime:
        written.append(datetime.now(UTC))
        return written[-1]

    assert links.commit_draft(session, write) == written[-1]  # type: ignore[arg-type]
    assert (len(written), session.rollbacks) == (writes, rollbacks)


def test_a_draft_that_fails_twice_is_refused() -> None:
    session = _Session(2)
    with pytest.raises(IntegrityError):
        links.commit_draft(session, lambda: datetime.now(UTC))  # type: ignore[arg-type]
    assert session.rollbacks == 2
