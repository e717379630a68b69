"""The demo caseload: a deterministic bundle document of made-up clients, for training and
screenshots. ``bundle`` puts a caseload together from the pieces in the other modules (people,
episodes, contacts, outcomes, plans, community); callers import from here."""

from painclinic_desktop.core.demo.bundle import MAX_CLIENTS, demo_staff, generate_bundle

__all__ = ["MAX_CLIENTS", "demo_staff", "generate_bundle"]
