"""The damage check beside the first screen: nothing is ever written to a damaged file."""

import pytest

from painclinic_desktop.core.errors import DatabaseDamaged
from painclinic_desktop.services.bundles import import_bundle
from painclinic_desktop.services.integrity import wait_for_opening_check
from painclinic_desktop.store.database import open_store
from tests.factories import bundle, client, in_a_process


def _caseload(path):
    store = open_store(path, create=True)
    import_bundle(store, bundle(clients=[client(f"c{i}", nhs_number=None) for i in range(300)]))
    store.close()


def _damage_an_index_page(path):
    """Scribble over the last pages (an index, not the schema), as a failing disk might."""
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(len(data) - page * 3, len(data) - page):
        data[offset] = 0x5A
    path.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def test_an_intact_database_opens_and_takes_writes_once_checked(tmp_path):
    path = tmp_path / "c.db"
    _caseload(path)
    store = open_store(path, check_beside=True)
    wait_for_opening_check(store)
    store.set_setting("service_name", "Bradford Pain Service")
    assert store.setting("service_name") == "Bradford Pain Service"
    store.close()


def test_a_damaged_database_refuses_every_write_and_keeps_the_file_as_it_was(tmp_path):
    path = tmp_path / "c.db"
    _caseload(path)
    _damage_an_index_page(path)
    before = path.read_bytes()
    store = open_store(path, check_beside=True)  # opens: the check runs beside
    with pytest.raises(DatabaseDamaged, match="restore"):
        wait_for_opening_check(store)
    with pytest.raises(DatabaseDamaged):
        store.set_setting("service_name", "anything")
    store.close()
    assert path.read_bytes() == before


def test_without_the_check_beside_a_damaged_database_does_not_open(tmp_path):
    path = tmp_path / "c.db"
    _caseload(path)
    _damage_an_index_page(path)
    with pytest.raises(DatabaseDamaged):
        open_store(path)


def test_the_app_says_a_damaged_database_is_damaged_and_stops(tmp_path):
    path = tmp_path / "c.db"
    _caseload(path)
    _damage_an_index_page(path)
    before = path.read_bytes()
    ran = in_a_process("-m", "painclinic_desktop", "--db", path, "--smoke-test")
    assert ran.returncode == 1
    assert "damaged" in ran.stderr and "restore" in ran.stderr
    assert path.read_bytes() == before


def _counting_checks(monkeypatch):
    """Note when the check really reads the file."""
    from painclinic_desktop.store import opening_check

    began = []
    real = opening_check.quick_check

    def counted(conn, full=False):
        began.append(True)
        return real(conn, full)

    monkeypatch.setattr(opening_check, "quick_check", counted)
    return began


def test_a_held_check_waits_for_its_go_then_a_damaged_file_is_still_found(tmp_path, monkeypatch):
    import time

    from painclinic_desktop.services.integrity import begin_opening_check, hold_opening_check
    from painclinic_desktop.store import opening_check

    began = _counting_checks(monkeypatch)
    path = tmp_path / "c.db"
    _caseload(path)
    _damage_an_index_page(path)
    before = path.read_bytes()
    hold_opening_check(path)
    store = open_store(path, check_beside=True)
    time.sleep(0.3)
    check = opening_check.running(path)
    assert not began and not check.started and not check.finished  # the caseload loads alone
    begin_opening_check(path)  # the app: the whole caseload is shown
    with pytest.raises(DatabaseDamaged, match="restore"):
        wait_for_opening_check(store)
    assert began
    with pytest.raises(DatabaseDamaged):
        store.set_setting("service_name", "anything")
    store.close()
    assert path.read_bytes() == before


def test_a_write_while_the_check_is_held_makes_it_begin_and_waits_for_its_verdict(
    tmp_path, monkeypatch
):
    from painclinic_desktop.services.integrity import hold_opening_check
    from painclinic_desktop.store import opening_check

    began = _counting_checks(monkeypatch)
    path = tmp_path / "c.db"
    _caseload(path)
    hold_opening_check(path)
    store = open_store(path, check_beside=True)
    assert not opening_check.running(path).started
    store.set_setting("service_name", "Bradford Pain Service")  # no wait for the hold's end
    assert began and opening_check.running(path).finished
    assert store.setting("service_name") == "Bradford Pain Service"
    store.close()


def test_a_held_check_begins_by_itself_if_nobody_says_go(tmp_path, monkeypatch):
    from painclinic_desktop.services.integrity import hold_opening_check
    from painclinic_desktop.store import opening_check

    monkeypatch.setattr(opening_check, "HELD_AT_MOST", 0.2)
    path = tmp_path / "c.db"
    _caseload(path)
    _damage_an_index_page(path)
    hold_opening_check(path)
    store = open_store(path, check_beside=True)
    with pytest.raises(DatabaseDamaged):
        wait_for_opening_check(store)  # does not itself make it begin
    store.close()


def test_only_the_next_opening_of_that_file_is_held(tmp_path):
    from painclinic_desktop.services.integrity import hold_opening_check
    from painclinic_desktop.store import opening_check

    path = tmp_path / "c.db"
    _caseload(path)
    hold_opening_check(path)
    open_store(path, check_beside=True).close()
    store = open_store(path, check_beside=True)
    assert opening_check.running(path).started
    wait_for_opening_check(store)
    store.close()
