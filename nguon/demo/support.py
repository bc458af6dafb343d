"""The demo's support (issue 11 §7), written through nguon.support.services (source "demo") on the Hoàn Kiếm world,
after the pipeline's demo. Filled in by its change."""

from __future__ import annotations


def build(*, district_code: str) -> None:
    """Write the demo's support for the district district_code."""
