"""Caseload search and filters, without Qt: what a coach finds when typing."""

from painclinic_desktop.services.caseload import CaseloadRow
from painclinic_desktop.ui.screens.caseload.state import CaseloadState


def row(cid, given, family, nhs="", status="open", tier=1, staff="Amina", flags=()):
    name = f"{given} {family}"
    return CaseloadRow(
        client_id=cid,
        name=name,
        family_name=family,
        nhs_number=f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}" if nhs else "",
        nhs_digits=nhs,
        date_of_birth="1960-01-01",
        age=66,
        tier=tier,
        status=status,
        staff=staff,
        last_contact=None,
        next_review=None,
        flags=tuple(flags),
        search_key=f"{name} {family}, {given}".casefold(),
    )


ROWS = [
    row("1", "Ayesha", "Khan", "9434765919", flags=("risk",)),
    row("2", "Łukasz", "Wójcik", "9876543210", tier=2, staff="Tom"),
    row("3", "Mohammed", "Khan", status="discharged", tier=None),
    row("4", "Grace", "Okafor", "9990001111", tier=3, flags=("mdt_discuss", "risk")),
]


def _state(**filters):
    state = CaseloadState()
    state.load(ROWS)
    state.set_filters(status=None, **filters)
    return state


def names(state):
    return [r.name for r in state.visible]


def test_open_clients_are_shown_by_default():
    state = CaseloadState()
    state.load(ROWS)
    assert "Mohammed Khan" not in names(state)
    assert len(state.visible) == 3


def test_search_by_name_is_case_and_order_insensitive():
    state = _state()
    state.set_search("khan")
    assert names(state) == ["Ayesha Khan", "Mohammed Khan"]
    state.set_search("khan ay")
    assert names(state) == ["Ayesha Khan"]
    state.set_search("wójcik")
    assert names(state) == ["Łukasz Wójcik"]


def test_search_by_nhs_number_with_or_without_spaces():
    state = _state()
    state.set_search("943 476")
    assert names(state) == ["Ayesha Khan"]
    state.set_search("9434765919")
    assert names(state) == ["Ayesha Khan"]


def test_deleting_letters_widens_the_search_again():
    state = _state()
    for text in ("k", "kh", "kha", "khanx"):
        state.set_search(text)
    assert names(state) == []
    state.set_search("kh")
    assert names(state) == ["Ayesha Khan", "Mohammed Khan"]


def test_filters_combine_with_search():
    state = _state(flag="risk")
    assert names(state) == ["Ayesha Khan", "Grace Okafor"]
    state.set_filters(tier=3)
    assert names(state) == ["Grace Okafor"]
    state.set_filters(tier=None, flag=None, staff="Tom")
    assert names(state) == ["Łukasz Wójcik"]
    state.set_search("khan")
    assert names(state) == []


def test_sorting_by_column_and_direction():
    state = _state()
    state.sort("tier", descending=True)
    assert names(state)[0] == "Grace Okafor"
    state.sort("name")
    assert names(state) == ["Ayesha Khan", "Mohammed Khan", "Grace Okafor", "Łukasz Wójcik"]
    state.sort("flags")
    assert names(state)[0] == "Grace Okafor"  # most flags first


def test_one_changed_row_replaces_the_old_one_in_place_under_the_search():
    state = _state()
    state.set_search("khan")
    state.replace_row(row("1", "Ayesha", "Khan", "9434765919", status="discharged"))
    assert names(state) == ["Ayesha Khan", "Mohammed Khan"]  # still sorted, still searched
    assert [r.status for r in state.rows if r.client_id == "1"] == ["discharged"]
    assert len(state.rows) == 4
    state.replace_row(row("5", "Amir", "Khan"))  # a client not loaded yet is added
    assert names(state) == ["Amir Khan", "Ayesha Khan", "Mohammed Khan"]


def test_several_clients_changed_elsewhere_are_replaced_added_or_removed_at_once():
    """After a sync: changed clients' rows replaced, a new client added, and a client asked
    for but no longer in the database (deleted on the hub) gone from the caseload."""
    state = _state()
    state.set_search("khan")
    state.replace_rows(
        [row("1", "Ayesha", "Khan", status="discharged"), row("5", "Amir", "Khan")],
        ["1", "3", "5"],
    )
    assert names(state) == ["Amir Khan", "Ayesha Khan"]  # sorted and searched as before
    assert sorted(r.client_id for r in state.rows) == ["1", "2", "4", "5"]
    assert [r.status for r in state.rows if r.client_id == "1"] == ["discharged"]


def test_shows_answers_for_one_row_as_the_table_would():
    state = CaseloadState()
    state.load(ROWS)
    assert [state.shows(r) for r in ROWS] == [True, True, False, True]
    state.set_search("okaf")
    assert [state.shows(r) for r in ROWS] == [False, False, False, True]


def test_rows_that_arrive_in_name_order_show_in_the_order_the_coach_chose():
    ordered = sorted(ROWS, key=lambda r: (r.family_name.casefold(), r.name.casefold()))
    state = CaseloadState()
    state.load(ordered, in_name_order=True)
    assert names(state) == ["Ayesha Khan", "Grace Okafor", "Łukasz Wójcik"]
    state.sort("name", descending=True)
    state.load(ordered, in_name_order=True)  # a reload while sorted Z to A
    assert names(state) == ["Łukasz Wójcik", "Grace Okafor", "Ayesha Khan"]


def test_a_client_just_saved_is_shown_by_changing_only_what_hides_them():
    state = CaseloadState()
    state.load([*ROWS, row("5", "Imran", "Hussain", status="awaiting_triage", tier=None, staff="")])
    state.set_filters(tier=2, staff="Tom")  # and status "open", as the caseload opens
    state.set_search("łuk")
    search, filters = state.loosened_for(state.rows[-1])
    assert search == ""
    assert (filters.status, filters.tier, filters.staff, filters.flag) == (
        "awaiting_triage",
        None,
        None,
        None,
    )
    state.set_search(search)
    state.set_filters(**vars(filters))
    assert [r.name for r in state.visible] == ["Imran Hussain"]


def test_a_client_already_shown_changes_nothing():
    state = _state(tier=2)
    state.set_search("wój")
    assert state.loosened_for(ROWS[1]) == ("wój", state.filters)
