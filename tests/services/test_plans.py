"""Saving the plan, goals and stars: history only ever grows, one plan per client."""

import pytest

from painclinic_desktop.core.errors import InvalidInput, RecordNotFound
from painclinic_desktop.services import plans
from painclinic_desktop.services.bundles import import_bundle
from painclinic_desktop.services.client_reports import write_client_plan_for
from painclinic_desktop.store import records
from painclinic_desktop.store.database import open_store
from tests.factories import bundle, client, uid

AYESHA = uid("ayesha")


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "c.db", create=True)
    import_bundle(s, bundle(clients=[client("ayesha")]))
    yield s
    s.close()


def _goal(store, **kw):
    fields = dict(
        footstep=3,
        text="Walk to the shop and back",
        set_on="2026-10-01",
        target_on="2026-12-01",
        confidence=6,
        author="Coach One",
    )
    fields.update(kw)
    return plans.set_goal(store, AYESHA, **fields)


def test_the_plan_is_saved_once_per_client_and_updated_in_place(store):
    first = plans.save_plan(
        store,
        AYESHA,
        {
            "what_matters": "  Playing with my grandchildren ",
            "focus_footsteps": [3, 1],
            "setback_plan": {"warning_signs": "Not sleeping", "who_to_contact": "Coach"},
            "resources_given": [{"resource": "Pacing diary", "given_on": "2026-10-01"}],
        },
        "Coach One",
    )
    again = plans.save_plan(store, AYESHA, {"best_hopes": "Back to the mosque"}, "Coach Two")
    stored = list(records.select(store, "plans", "client_id = ?", (AYESHA,)))
    assert len(stored) == 1 and again["id"] == first["id"]
    plan = stored[0]
    assert plan["what_matters"] == "Playing with my grandchildren"
    assert plan["best_hopes"] == "Back to the mosque"
    assert plan["focus_footsteps"] == [3, 1]  # the order the client chose, kept
    assert plan["setback_plan"] == {
        "warning_signs": "Not sleeping",
        "what_helps": "",
        "who_to_contact": "Coach",
        "avoid": "",
    }
    assert plan["resources_given"] == [{"resource": "Pacing diary", "given_on": "2026-10-01"}]
    assert plan["author"] == "Coach One"  # the creator is kept when another coach edits


@pytest.mark.parametrize(
    "fields",
    [
        {"focus_footsteps": [3, 3]},
        {"focus_footsteps": [11]},
        {"setback_plan": {"mood": "low"}},
        {"resources_given": [{"resource": "Book", "given_on": "01/10/2026"}]},
        {"resources_given": [{"resource": " ", "given_on": "2026-10-01"}]},
        {"diagnosis": "x"},
    ],
)
def test_a_plan_with_a_mistake_is_refused_and_nothing_is_saved(store, fields):
    with pytest.raises(InvalidInput):
        plans.save_plan(store, AYESHA, fields, "Coach One")
    assert plans.plan_for(store, AYESHA) is None


def test_a_plan_for_a_client_not_in_the_caseload_is_refused(store):
    with pytest.raises(RecordNotFound):
        plans.save_plan(store, uid("nobody"), {"what_matters": "x"}, "Coach One")


def test_reviews_are_appended_in_date_order_with_who_reviewed(store):
    goal = _goal(store)
    plans.review_goal(store, goal["id"], "2026-11-01", "in_progress", "Halfway", "Coach One")
    plans.review_goal(store, goal["id"], "2026-10-15", "not_started", "", "Coach Two")
    plans.review_goal(store, goal["id"], "2026-11-01", "achieved", "Did it", "Coach One")
    stored = records.get(store, "goals", goal["id"])
    assert [(r["reviewed_on"], r["status"], r["by"]) for r in stored["reviews"]] == [
        ("2026-10-15", "not_started", "Coach Two"),
        ("2026-11-01", "in_progress", "Coach One"),  # same day: the order they were entered
        ("2026-11-01", "achieved", "Coach One"),
    ]
    assert stored["reviews"][1]["note"] == "Halfway"


def test_a_refused_review_leaves_the_history_as_it_was(store):
    goal = _goal(store)
    plans.review_goal(store, goal["id"], "2026-10-15", "in_progress", "Started", "Coach One")
    with pytest.raises(InvalidInput):
        plans.review_goal(store, goal["id"], "2026-09-01", "achieved", "", "Coach One")
    with pytest.raises(InvalidInput):
        plans.review_goal(store, goal["id"], "2026-11-01", "finished", "", "Coach One")
    reviews = records.get(store, "goals", goal["id"])["reviews"]
    assert [(r["reviewed_on"], r["status"]) for r in reviews] == [("2026-10-15", "in_progress")]


def test_replacing_a_goal_closes_the_old_and_links_the_new(store):
    old = _goal(store)
    plans.review_goal(store, old["id"], "2026-10-15", "in_progress", "", "Coach One")
    closed, new = plans.replace_goal(
        store,
        old["id"],
        "2026-11-01",
        "Walk to the park",
        "2027-01-15",
        7,
        "Coach One",
        note="Shop too close now",
    )
    assert new["replaces"] == old["id"] and new["footstep"] == 3 and new["set_on"] == "2026-11-01"
    stored = records.get(store, "goals", old["id"])
    assert [(r["reviewed_on"], r["status"]) for r in stored["reviews"]] == [
        ("2026-10-15", "in_progress"),
        ("2026-11-01", "replaced"),
    ]
    assert stored["reviews"][-1]["note"] == "Shop too close now"
    assert stored["text"] == "Walk to the shop and back"  # the old goal's words are kept
    with pytest.raises(InvalidInput):  # a replaced goal is reviewed through its new goal
        plans.review_goal(store, old["id"], "2026-11-10", "achieved", "", "Coach One")


def test_a_goal_is_refused_without_the_clients_words_or_with_confidence_over_ten(store):
    with pytest.raises(InvalidInput):
        _goal(store, text="  ")
    with pytest.raises(InvalidInput):
        _goal(store, confidence=11)
    assert list(records.select(store, "goals")) == []


def test_history_check_refuses_a_write_that_drops_or_changes_an_earlier_entry():
    kept = [
        {"reviewed_on": "2026-10-01", "status": "in_progress"},
        {"reviewed_on": "2026-10-08", "status": "achieved"},
    ]
    plans._check_kept(kept, [*kept, {"reviewed_on": "2026-10-09", "status": "achieved"}], "r")
    with pytest.raises(InvalidInput):
        plans._check_kept(kept, kept[:1], "reviews")
    with pytest.raises(InvalidInput):
        plans._check_kept(kept, [kept[0], {**kept[1], "status": "not_achieved"}], "reviews")


def test_star_arms_can_be_reworded_until_the_second_rating_only(store):
    star = plans.start_star(
        store, AYESHA, ["Cook", "Walk", "Pray", "Sleep", "Friends"], "Coach One"
    )
    plans.rate_star(store, star["id"], "2026-10-01", "start", [2, 3, 4, 5, 6], "Coach One")
    plans.reword_arms(
        store, star["id"], ["Cook a meal", "Walk", "Pray", "Sleep", "Friends"], "Coach One"
    )
    plans.rate_star(store, star["id"], "2026-11-01", "mid", [3, 3, 4, 5, 6], "Coach One")
    with pytest.raises(InvalidInput, match="start a new star"):
        plans.reword_arms(
            store, star["id"], ["Bake", "Walk", "Pray", "Sleep", "Friends"], "Coach One"
        )
    stored = records.get(store, "igro_stars", star["id"])
    assert stored["arms"][0] == "Cook a meal"
    assert [r["scores"] for r in stored["ratings"]] == [[2, 3, 4, 5, 6], [3, 3, 4, 5, 6]]


def test_a_new_star_keeps_the_old_one_and_comes_last(store):
    old = plans.start_star(store, AYESHA, ["a", "b", "c", "d", "e"], "Coach One")
    plans.rate_star(store, old["id"], "2026-10-01", "start", [1, 1, 1, 1, 1], "Coach One")
    new = plans.start_star(store, AYESHA, ["f", "g", "h", "i", "j"], "Coach One")
    stars = list(records.select(store, "igro_stars", "client_id = ?", (AYESHA,)))
    assert len(stars) == 2
    assert [s["id"] for s in plans.stars_in_order(stars)] == [old["id"], new["id"]]
    assert records.get(store, "igro_stars", old["id"])["ratings"][0]["scores"] == [1] * 5


def test_a_rating_out_of_range_is_refused(store):
    star = plans.start_star(store, AYESHA, ["a", "b", "c", "d", "e"], "Coach One")
    with pytest.raises(InvalidInput):
        plans.rate_star(store, star["id"], "2026-10-01", "start", [1, 2, 3, 4, 11], "Coach One")
    assert records.get(store, "igro_stars", star["id"])["ratings"] == []


def test_the_plan_pdf_is_written_and_logged(store, tmp_path):
    plans.save_plan(
        store,
        AYESHA,
        {"what_matters": "Cooking for the family", "focus_footsteps": [3]},
        "Coach One",
    )
    out = tmp_path / "plan.pdf"
    pages = write_client_plan_for(store, AYESHA, out, "Coach One", large_print=True)
    assert pages >= 1 and out.read_bytes().startswith(b"%PDF")
    logged = store.conn.execute("SELECT kind, subject FROM exports").fetchall()
    assert logged == [("client_plan", AYESHA)]


def test_a_star_started_in_the_same_second_but_not_yet_rated_is_the_newer():
    stamp = "2026-10-01T10:00:00+01:00"
    old = {
        "id": "b",
        "created_at": stamp,
        "arms": ["x"] * 5,
        "ratings": [{"rated_on": "2026-06-01", "label": "start", "scores": [1] * 5}],
    }
    new = {"id": "a", "created_at": stamp, "arms": ["y"] * 5, "ratings": []}
    assert [s["id"] for s in plans.stars_in_order([new, old])] == ["b", "a"]
    # Stars from elsewhere without a creation time go by their first rating.
    undated = [
        {
            **old,
            "created_at": None,
            "id": "later",
            "ratings": [{"rated_on": "2026-09-01", "label": "start", "scores": [1] * 5}],
        },
        {**old, "created_at": None},
    ]
    assert [s["id"] for s in plans.stars_in_order(undated)] == ["b", "later"]
