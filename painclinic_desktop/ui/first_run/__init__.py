"""First start on a laptop: the set-up guide (service, folder, first admin, recovery key,
demo caseload to practise on)."""

from .guide import FirstRunGuide, run_first_run_guide
from .state import GuideOutcome

__all__ = ["FirstRunGuide", "GuideOutcome", "run_first_run_guide"]
