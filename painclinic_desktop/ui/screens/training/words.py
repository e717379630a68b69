"""The words the training screens show for the codes core keeps."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _t(text: str) -> str:
    return QCoreApplication.translate("TrainingWords", text)


def experience_words() -> dict[str, str]:
    return {
        "new": _t("New (under 6 months)"),
        "experienced": _t("Experienced (6 months to 5 years)"),
        "highly_experienced": _t("Highly experienced (over 5 years)"),
    }


def kind_words() -> dict[str, str]:
    return {
        "service_staff": _t("Staff of this service"),
        "partner": _t("Partner organisation (code only)"),
    }


def time_point_words() -> dict[str, str]:
    return {
        "baseline": _t("Baseline (before the training)"),
        "follow_up_3m": _t("3 months after the training"),
    }
