"""The pages of a client record, in the order their tabs appear.

A section is a QWidget class taking ``(context, parent)`` with a ``title()`` static method
and a ``show_record(record)`` method; ``context`` gives it the open store, the signed-in
staff member and a way to ask for the record to be reloaded after a change.
"""

from __future__ import annotations

from ...record_context import RecordContext

__all__ = ["RecordContext", "section_classes"]


def section_classes() -> list[type]:
    """Imported lazily so the caseload shows before the heavier record pages load."""
    from ..contacts.section import ContactsSection
    from ..groups.record_section import GroupsSection
    from ..mdt.actions_view import MdtSection
    from ..medication.gp_requests import GpRequestsSection
    from ..medication.plan_section import ReductionPlanSection
    from ..medication.section import MedicationSection
    from ..outcomes.view import OutcomesSection
    from ..pathway.section import PathwaySection
    from ..plan.star_section import StarSection
    from ..plan.view import PlanSection

    sections: list[type] = [
        ContactsSection,
        PathwaySection,
        OutcomesSection,
        PlanSection,
        StarSection,
        MedicationSection,
        ReductionPlanSection,
        GpRequestsSection,
        GroupsSection,
        MdtSection,
    ]
    return sections
