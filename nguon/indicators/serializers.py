"""Plain-data forms of evaluation results, shared by the CLI, the JSON API and the XLSX export."""

from __future__ import annotations

from typing import Any

from .evaluation import Cell, SeriesPoint

CELL_COLUMNS = [
    ("area_code", "Mã địa bàn"),
    ("area_name", "Địa bàn"),
    ("indicator", "Mã chỉ số"),
    ("indicator_name", "Chỉ số"),
    ("unit", "Đơn vị đếm"),
    ("as_of", "Ngày tính"),
    ("numerator", "Tử số"),
    ("denominator", "Mẫu số"),
    ("value", "Tỷ lệ (%)"),
    ("target", "Mã chỉ tiêu"),
    ("target_value", "Chỉ tiêu (%)"),
    ("target_document", "Văn bản"),
    ("status", "Đánh giá"),
    ("gap", "Còn thiếu"),
    ("note", "Ghi chú"),
]


def cell_dict(cell: Cell) -> dict[str, Any]:
    """One unit × indicator as JSON-ready data (value: the percentage, unrounded)."""
    return {
        "area_code": cell.unit.code,
        "area_name": cell.unit.name,
        "area_level": cell.unit.level,
        "indicator": cell.indicator,
        "indicator_name": cell.indicator_name,
        "unit": str(cell.count_unit),
        "as_of": cell.at.isoformat(),
        "numerator": cell.numerator,
        "denominator": cell.denominator,
        "value": float(cell.value) if cell.value is not None else None,
        "target": cell.target.code if cell.target else None,
        "target_value": float(cell.target.value) if cell.target else None,
        "target_comparator": cell.target.comparator if cell.target else None,
        "target_document": cell.target.document if cell.target else None,
        "target_deadline": cell.target.deadline.isoformat() if cell.target and cell.target.deadline else None,
        "status": str(cell.status),
        "gap": cell.gap,
        "note": cell.note,
        "numerator_people": list(cell.numerator_people),
        "denominator_people": list(cell.denominator_people),
    }


def point_dict(point: SeriesPoint) -> dict[str, Any]:
    return {
        "as_of": point.at.isoformat(),
        "areas": list(point.areas),
        "numerator": point.numerator,
        "denominator": point.denominator,
        "value": float(point.value) if point.value is not None else None,
        "status": str(point.status),
        "target": point.target.code if point.target else None,
        "target_value": float(point.target.value) if point.target else None,
        "break_in_series": point.break_in_series,
        "flags": list(point.flags),
    }
