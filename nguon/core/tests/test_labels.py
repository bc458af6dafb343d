"""Labels of coded values come from their choices, in the active language: no copied dictionary."""

from __future__ import annotations

from django.template import Context, Template
from django.utils import translation

from nguon.core.labels import ChoiceLabels, label, labels
from nguon.indicators.choices import Status
from nguon.people.choices import Education, Sex


def test_a_label_is_the_choice_label_blank_for_blank_the_code_for_an_unknown_code():
    with translation.override("vi"):
        assert label(Status, "met") == "đạt"
        assert label(Sex, "F", capital=True) == "Nữ"
        assert label(Education, "") == ""
        assert label(Status, "retired-code") == "retired-code"
    with translation.override("en"):
        assert label(Status, "not_met") == "not met"


def test_labels_list_the_non_blank_choices_in_order():
    with translation.override("vi"):
        assert labels(Education)[:2] == ("trung học phổ thông", "trung cấp")
        assert "chưa có thông tin" not in labels(Education)  # the blank choice is no drop-down value


def test_choice_labels_read_the_language_when_looked_up_and_serve_templates():
    """One mapping object, made at import time, answers in the language active at the lookup."""
    statuses = ChoiceLabels(Status, capital=True)
    with translation.override("vi"):
        assert statuses["met"] == "Đạt" and dict(statuses)["no_data"] == "Chưa có số liệu"
        assert Template("{{ s.not_met }}").render(Context({"s": statuses})) == "Chưa đạt"
    with translation.override("en"):
        assert statuses["met"] == "Met"
    assert len(statuses) == len(Status.values) and "zz" not in statuses
