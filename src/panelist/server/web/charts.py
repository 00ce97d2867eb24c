"""Bar charts drawn on the server as SVG: the geometry here, the markup in
``templates/_charts.html``. Scores run from 0 to 100; a missing value draws no bar."""

from __future__ import annotations

from dataclasses import dataclass

ROW = 26  # height of one bar's row
BAR = 16
TOP = 8
AXIS = 22  # room below the bars for the axis labels
PLOT = 320  # width of the 0-100 scale
VALUE_ROOM = 44  # room right of the scale for a value written past a full bar
NARROW = frozenset("iljtfr.,:;|!'() ")


@dataclass(frozen=True)
class Bar:
    """One labelled bar: its value (None: not scored) and where it goes."""

    label: str
    value: float | None
    y: float
    width: float

    @property
    def shown(self) -> str:
        """The value as written beside the bar."""
        if self.value is None:
            return "not scored"
        return f"{self.value:g}"


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar chart of 0-100 values, with its title and a text alternative."""

    id: str
    title: str
    bars: list[Bar]
    label_width: float
    width: float
    height: float

    @property
    def description(self) -> str:
        """Every value in words, for screen readers."""
        return "; ".join(f"{b.label}: {b.shown}" for b in self.bars) + "."

    @property
    def ticks(self) -> list[tuple[int, float]]:
        """The axis marks (value, x)."""
        return [(v, self.label_width + PLOT * v / 100) for v in (0, 25, 50, 75, 100)]

    @property
    def axis_y(self) -> float:
        return self.height - AXIS + 14


def text_width(text: str) -> float:
    """A generous estimate of ``text``'s width in pixels at 12px in a sans-serif font."""
    return sum(
        4.5 if c in NARROW else 8.6 if c.isupper() or c.isdigit() or c in "_mwMW" else 7.2
        for c in text
    )


def _short(label: str, limit: int = 28) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(chart_id: str, title: str, values: dict[str, float | None]) -> BarChart:
    """A chart with one bar per ``values`` item, in order."""
    labels = {name: _short(name) for name in values}
    label_width = 14 + max((text_width(v) for v in labels.values()), default=30.0)
    bars = [
        Bar(labels[name], value, TOP + n * ROW, PLOT * max(0.0, min(value or 0.0, 100.0)) / 100)
        for n, (name, value) in enumerate(values.items())
    ]
    height = TOP + ROW * len(bars) + AXIS
    return BarChart(chart_id, title, bars, label_width, label_width + PLOT + VALUE_ROOM, height)
