"""PainClinic Desktop: caseload, assessments and reports for community persistent-pain services."""

__version__ = "0.1.0"
