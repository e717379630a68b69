"""`hub init` and `hub user …` on a real PostgreSQL server."""

from __future__ import annotations

import psycopg
import pytest

from painclinic_desktop import cli

from . import cluster as pg


def test_init_records_its_migrations_and_is_idempotent(hub_db, monkeypatch, capsys):
    monkeypatch.setenv("PGPASSWORD", pg.OWNER_PASSWORD)
    assert cli.main(["hub", "init", "--hub", hub_db.owner_url]) == 0
    assert "up to date." in capsys.readouterr().out
    rows = hub_db.owner("SELECT id, name FROM painclinic.migrations ORDER BY id")
    assert rows == [(1, "0001_records_people_push_pull"), (2, "0002_training_costing_lists"),
                    (3, "0003_progress_and_held_list"),
                    (4, "0004_pull_says_who_changed"), (5, "0005_medication_lists"),
                    (6, "0006_programme_lists"),
                    (7, "0007_follow_up_strategies_clinical"),
                    (8, "0008_pull_leaves_out_own_new_records"),
                    (9, "0009_push_answers_set_based")]  # fmt: skip


def test_a_hub_made_before_the_follow_up_answer_keeps_it_apart_as_clinical(hub_db, monkeypatch):
    monkeypatch.setenv("PGPASSWORD", pg.OWNER_PASSWORD)
    # As a hub made before what clients say at follow-up was recorded.
    hub_db.owner(
        "WITH c AS (DELETE FROM painclinic.clinical_columns WHERE collection = 'discharges' "
        "AND field = 'follow_up_strategies' RETURNING 1), "
        "m AS (DELETE FROM painclinic.migrations WHERE id = 7 RETURNING 1) "
        "SELECT (SELECT count(*) FROM c), (SELECT count(*) FROM m)"
    )
    assert cli.main(["hub", "init", "--hub", hub_db.owner_url]) == 0
    rows = hub_db.owner(
        "SELECT field FROM painclinic.clinical_columns WHERE collection = 'discharges' "
        "ORDER BY field"
    )
    assert rows == [("follow_up_strategies",), ("reason",)]


def test_a_hub_made_before_training_learns_its_collections_and_permissions(hub_db, monkeypatch):
    monkeypatch.setenv("PGPASSWORD", pg.OWNER_PASSWORD)
    training = ("trainees", "training_courses", "training_enrolments", "training_responses")
    new = (*training, "programme_costings")
    # Made as the first hub migration made it, before staff training existed.
    hub_db.owner(
        "WITH gone AS (DELETE FROM painclinic.collections WHERE collection = ANY(%s) "
        "RETURNING 1), p AS (DELETE FROM painclinic.role_permissions "
        "WHERE permission IN ('run_training', 'cost_programmes') RETURNING 1), "
        "m AS (DELETE FROM painclinic.migrations WHERE id = 2 RETURNING 1) "
        "SELECT (SELECT count(*) FROM gone), (SELECT count(*) FROM p), (SELECT count(*) FROM m)",
        (list(new),),
    )
    assert cli.main(["hub", "init", "--hub", hub_db.owner_url]) == 0
    rows = hub_db.owner(
        "SELECT collection, clinical, write_permission FROM painclinic.collections "
        "WHERE collection = ANY(%s) ORDER BY collection",
        (list(new),),
    )
    assert [(r[0], r[1]) for r in rows] == [(c, False) for c in sorted(new)]
    assert {r[0]: r[2] for r in rows}["programme_costings"] == "cost_programmes"
    roles = hub_db.owner(
        "SELECT role FROM painclinic.role_permissions WHERE permission = 'run_training' "
        "ORDER BY role"
    )
    assert [r[0] for r in roles] == ["admin", "clinician", "coach", "social_prescriber"]


def test_a_hub_made_before_programmes_learns_them_and_their_clinical_columns(hub_db, monkeypatch):
    monkeypatch.setenv("PGPASSWORD", pg.OWNER_PASSWORD)
    new = ["programmes", "programme_enrolments"]
    hub_db.owner(
        "WITH c AS (DELETE FROM painclinic.clinical_columns WHERE collection = ANY(%s) "
        "RETURNING 1), gone AS (DELETE FROM painclinic.collections WHERE collection = ANY(%s) "
        "RETURNING 1), m AS (DELETE FROM painclinic.migrations WHERE id = 6 RETURNING 1) "
        "SELECT (SELECT count(*) FROM c), (SELECT count(*) FROM gone), (SELECT count(*) FROM m)",
        (new, new),
    )
    assert cli.main(["hub", "init", "--hub", hub_db.owner_url]) == 0
    rows = hub_db.owner(
        "SELECT collection, clinical, write_permission FROM painclinic.collections "
        "WHERE collection = ANY(%s) ORDER BY collection",
        (new,),
    )
    # Not clinical: who is on a programme is a register's business; why they left is not.
    assert rows == [("programme_enrolments", False, "take_registers"),
                    ("programmes", False, "take_registers")]  # fmt: skip
    columns = hub_db.owner(
        "SELECT field FROM painclinic.clinical_columns WHERE collection = 'programme_enrolments' "
        "ORDER BY field"
    )
    assert [r[0] for r in columns] == ["completion_note", "dropout_note", "dropout_reason"]


def test_every_table_forces_row_security(hub_db):
    rows = hub_db.owner(
        "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'painclinic' AND c.relkind = 'r'"
    )
    assert len(rows) >= 10
    assert [r for r in rows if not (r[1] and r[2])] == []


def test_hub_functions_pin_search_path_and_run_as_owner(hub_db):
    rows = hub_db.owner(
        "SELECT p.proname, p.prosecdef, p.proconfig FROM pg_proc p "
        "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'painclinic' "
        "AND p.proname IN ('push_v1', 'pull_v1', 'whoami_v1', 'push_v2', 'pull_v2')"
    )
    assert len(rows) == 5
    for name, definer, config in rows:
        assert definer, name
        assert "search_path=pg_catalog, pg_temp" in config, name


def test_a_login_has_no_table_rights_only_the_functions(hub_db, monkeypatch):
    password = hub_db.add_user(monkeypatch, f"{hub_db.name}_ann", "coach")
    with psycopg.connect(hub_db.login_url(f"{hub_db.name}_ann"), password=password) as conn:
        who = conn.execute("SELECT painclinic.whoami_v1()").fetchone()[0]
        assert who["role"] == "coach"
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT * FROM painclinic.records")


def test_logins_only_over_tls(hub_db, monkeypatch):
    password = hub_db.add_user(monkeypatch, f"{hub_db.name}_bea", "coach")
    plain = hub_db.login_url(f"{hub_db.name}_bea").replace("verify-full", "disable")
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(plain, password=password)


def test_disable_and_role_change(hub_db, monkeypatch):
    login = f"{hub_db.name}_cat"
    password = hub_db.add_user(monkeypatch, login, "coach")
    monkeypatch.setenv("PGPASSWORD", pg.OWNER_PASSWORD)
    url = hub_db.owner_url
    assert cli.main(["hub", "user", "role", login, "community_partner", "--hub", url]) == 0
    with psycopg.connect(hub_db.login_url(login), password=password) as conn:
        assert conn.execute("SELECT painclinic.whoami_v1()").fetchone()[0]["role"] == (
            "community_partner"
        )
    assert cli.main(["hub", "user", "disable", login, "--hub", url]) == 0
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(hub_db.login_url(login), password=password)


def test_bad_input_is_refused_clearly(hub_db, monkeypatch, capsys):
    monkeypatch.setenv("PGPASSWORD", pg.OWNER_PASSWORD)
    monkeypatch.setenv("PAINCLINIC_HUB_NEW_PASSWORD", "long-enough-pw")
    assert cli.main(["hub", "user", "add", "Bad Name", "coach", "--hub", hub_db.owner_url]) == 2
    assert "lower-case" in capsys.readouterr().err
    with_password = hub_db.owner_url.replace("hub_owner@", "hub_owner:secret@")
    assert cli.main(["hub", "init", "--hub", with_password]) == 2
    assert "must not carry a password" in capsys.readouterr().err


def test_unreachable_hub_exits_1(cluster, monkeypatch):
    monkeypatch.setenv("PGPASSWORD", "wrong")
    url = cluster.url("postgres", pg.OWNER)
    assert cli.main(["hub", "init", "--hub", url]) == 1
