"""The high-dose opioid flag and the medicines behind it: seen by every role with clinical
access (the flag must never be missed by one who should see it), hidden from the rest."""

from __future__ import annotations

from datetime import date

import pytest

from painclinic_desktop.core.medication import HIGH_DOSE_FLAG
from painclinic_desktop.services import bundles, medication
from painclinic_desktop.services.access import open_client_record
from painclinic_desktop.services.caseload import load_caseload
from painclinic_desktop.services.database import worker_store
from tests.factories import bundle, client, referral, uid

AYESHA = uid("ayesha")
ROLES = ("admin", "coach", "social_prescriber", "clinician", "community_partner")
HIGH_DOSE = {
    "id": uid("fentanyl"),
    "client_id": AYESHA,
    "drug": "fentanyl",
    "name": "Fentanyl 50 micrograms/hour 72-hour patch",
    "route": "patch",
    "dose": 50,
    "dose_unit": "micrograms/hour",
    "started_on": "2026-09-01",
    "source": "gp_record",
}


@pytest.fixture
def caseload(service):
    store = service.sign_in("coach")
    bundles.import_bundle(
        store,
        bundle(
            clients=[client("ayesha")],
            referrals=[referral("r1")],
            medication_items=[HIGH_DOSE],
        ),
    )
    store.close()
    return service


@pytest.mark.parametrize("role", ROLES)
def test_the_high_dose_flag_is_seen_by_every_clinical_role_and_hidden_from_the_partner(
    caseload, role
):
    store = caseload.sign_in(role)
    clinical = role != "community_partner"
    today = date.today()
    flags = [r.flags for r in load_caseload(store, today) if r.client_id == AYESHA]
    assert any(HIGH_DOSE_FLAG in f for f in flags) == clinical
    if clinical:
        # the caseload is loaded off the GUI thread on a connection of its own: same answer
        # (a partner's laptop holds no clinical records at all: its database comes from a
        # partner bundle, so its worker connection has no medicines to read)
        with worker_store(caseload.path) as own:
            flags = [r.flags for r in load_caseload(own, today) if r.client_id == AYESHA]
        assert any(HIGH_DOSE_FLAG in f for f in flags)
        assert HIGH_DOSE_FLAG in open_client_record(store, AYESHA).row.flags
    assert len(medication.items(store, AYESHA)) == (1 if clinical else 0)
    store.close()
