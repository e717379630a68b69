"""The audit trail from a signed-in person's own connection: no schema change (dropping the
guard triggers), no edit, no delete, no row that does not come through the append path."""

from __future__ import annotations

import pytest

from painclinic_desktop.services import writes
from painclinic_desktop.store import audit, connection
from tests.factories import client

from .conftest import NAMES

ATTEMPTS = (
    "DROP TRIGGER audit_log_no_update",
    "DROP TRIGGER audit_log_no_delete",
    "UPDATE audit_log SET actor = 'Nobody' WHERE seq = 2",
    "DELETE FROM audit_log WHERE seq = 3",
    "INSERT INTO audit_log (seq, at, actor, action, prev_hash, hash) "
    "VALUES (999, 'x', 'Nobody', 'sign_in', 'x', 'x')",
    "ALTER TABLE audit_log RENAME TO audit_old",
    "CREATE TABLE audit_copy AS SELECT * FROM audit_log",
    "DROP TABLE audit_log",
    "CREATE TEMP TRIGGER t AFTER INSERT ON clients BEGIN SELECT 1; END",
    "CREATE INDEX idx_x ON clients(id)",
)


@pytest.mark.parametrize("role", ["community_partner", "admin"])
@pytest.mark.parametrize("sql", ATTEMPTS)
def test_a_signed_in_connection_cannot_rewrite_the_trail_or_the_schema(service, role, sql):
    store = service.sign_in(role)
    before = audit.search(store, limit=10**6)
    with pytest.raises(connection.DatabaseError, match="not authorized|cannot be changed"):
        store.conn.execute(sql)
    assert audit.search(store, limit=10**6) == before
    assert audit.verify(store) == []
    store.close()


def test_the_append_path_and_audited_writes_still_work(service):
    store = service.sign_in("coach")
    writes.add(store, "clients", client("ayesha"), NAMES["coach"])
    assert audit.search(store)[0]["action"] == "create"
    assert audit.verify(store) == []
    store.close()
