"""The demo's supervision (issue 11 §7), written through nguon.supervision.services (source "demo") on the Hoàn Kiếm world,
after the pipeline's demo. Filled in by its change."""

from __future__ import annotations


def build(*, district_code: str) -> None:
    """Write the demo's supervision for the district district_code."""
