"""The service report's figures, worked by hand from a small caseload written out here."""

import pytest

from painclinic_desktop.core.service_figures import compute_service_figures


def _caseload():
    clients = [
        {"id": "a", "imd_decile": 1, "employment_status": "retired", "assigned_staff": "Sam"},
        {"id": "b", "imd_decile": 2, "employment_status": "employed", "assigned_staff": "Sam"},
        {"id": "c", "imd_decile": 7, "employment_status": "retired", "assigned_staff": "Jo"},
        {"id": "d", "imd_decile": None, "employment_status": None, "assigned_staff": "Jo"},
        {"id": "e", "imd_decile": 1, "assigned_staff": None},  # declined: not a new client
    ]
    referrals = [
        {"client_id": "a", "received_on": "2026-04-03", "outcome": "accepted"},
        {"client_id": "b", "received_on": "2026-04-20", "outcome": "accepted"},
        {"client_id": "c", "received_on": "2026-05-02", "outcome": "accepted"},
        {"client_id": "d", "received_on": "2026-06-30", "outcome": "accepted"},
        {"client_id": "e", "received_on": "2026-06-01", "outcome": "declined"},
        {"client_id": "a", "received_on": "2026-03-31", "outcome": "accepted"},  # before
    ]
    contacts = [
        {
            "client_id": "a",
            "starts_at": "2026-04-10T10:00:00+01:00",
            "outcome": "attended",
            "staff": "Sam",
            "components": ["pain_book", "pacing_diary"],
        },
        {
            "client_id": "a",
            "starts_at": "2026-05-10T10:00:00+01:00",
            "outcome": "attended",
            "staff": "Sam",
            "components": ["pain_book"],
        },
        {
            "client_id": "b",
            "starts_at": "2026-05-11T10:00:00+01:00",
            "outcome": "dna",
            "staff": "Sam",
            "components": ["pain_book"],
        },  # not attended: nothing received
        {
            "client_id": "c",
            "starts_at": "2026-05-12T10:00:00+01:00",
            "outcome": "attended",
            "staff": "Jo",
            "components": ["relaxation_audio"],
        },
        {
            "client_id": "d",
            "starts_at": "2026-06-30T10:00:00+01:00",
            "outcome": "attended",
            "staff": "Jo",
            "components": [],
        },
    ]
    discharges = [{"client_id": "c", "discharged_on": "2026-06-15"}]
    assessments = [
        {
            "id": "1",
            "client_id": "a",
            "instrument": "sts",
            "time_point": "baseline",
            "administered_on": "2026-04-10",
            "items": [8],
        },
        {
            "id": "2",
            "client_id": "a",
            "instrument": "sts",
            "time_point": "end",
            "administered_on": "2026-06-10",
            "items": [11],
        },  # +3: reaches +2
        {
            "id": "3",
            "client_id": "b",
            "instrument": "sts",
            "time_point": "baseline",
            "administered_on": "2026-04-10",
            "items": [8],
        },
        {
            "id": "4",
            "client_id": "b",
            "instrument": "sts",
            "time_point": "end",
            "administered_on": "2026-06-10",
            "items": [9],
        },  # +1: does not
    ]
    return {
        "clients": clients,
        "referrals": referrals,
        "contacts": contacts,
        "discharges": discharges,
        "assessments": assessments,
    }


def test_referrals_against_the_plan_month_by_month():
    figures = compute_service_figures(_caseload(), "2026-04-01", "2026-06-30", planned_per_year=90)
    assert figures.months == ["2026-04", "2026-05", "2026-06"]
    assert figures.referrals_by_month == [2, 1, 2] and figures.referrals == 5
    assert figures.planned_by_month == pytest.approx([7.5, 15.0, 22.5])  # 90 / 12 a month


def test_new_clients_deprivation_and_employment():
    figures = compute_service_figures(_caseload(), "2026-04-01", "2026-06-30")
    assert figures.new_clients == 4  # a, b, c, d (e was declined)
    assert (figures.imd_known, figures.imd_1_2) == (3, 2)  # d's decile is not known
    assert figures.imd_1_2_percent == pytest.approx(200 / 3)
    assert figures.employment == {"employed": 1, "retired": 2, "unknown": 1}


def test_share_of_clients_receiving_each_component():
    figures = compute_service_figures(_caseload(), "2026-04-01", "2026-06-30")
    assert figures.clients_with_contact == 3  # a, c, d attended; b did not
    assert figures.components["pain_book"] == 1  # a twice counts once; b's DNA not at all
    assert figures.components["relaxation_audio"] == 1
    assert figures.components["sleep_hygiene"] == 0


def test_per_coach_summary():
    figures = compute_service_figures(_caseload(), "2026-04-01", "2026-06-30")
    coaches = {c.coach: c for c in figures.coaches}
    sam, jo = coaches["Sam"], coaches["Jo"]
    assert (sam.clients_seen, sam.contacts_attended, sam.dna) == (1, 2, 1)
    assert sam.dna_rate_percent == pytest.approx(100 / 3)
    assert (jo.clients_seen, jo.contacts_attended, jo.dna, jo.dna_rate_percent) == (2, 2, 0, 0)
    assert (sam.caseload_at_end, jo.caseload_at_end) == (2, 1)  # c was discharged
    assert (sam.pairs, sam.pairs_reaching_mid, sam.percent_reaching_mid) == (2, 1, 50.0)
    assert jo.pairs == 0 and jo.percent_reaching_mid is None
