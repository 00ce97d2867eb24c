"""Reading Panelist's packaged YAML data files quickly (with libyaml when it is installed)."""

from __future__ import annotations

from typing import Any

import yaml

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """Parse trusted YAML (the package's own data files) safely."""
    return yaml.load(text, Loader=_Loader)
