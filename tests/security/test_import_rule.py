"""One rule for bundles that carry clinical records (issue 21 item 13): importing is a
data-management task that ``import_bundle`` allows as a whole, clinical records included
(an admin moving a caseload, or a health coach), and it is audited with the clinical records
it carried. Every other role is refused before the file is read or validated, told who can,
except a community partner, who imports partner bundles (no clinical record in them) into
their own database: the file is read to tell which kind it is, and a full bundle is refused.
Tested for each role against each way in: the command line, and the service itself."""

from __future__ import annotations

import json

import pytest

from painclinic_desktop.cli import main
from painclinic_desktop.core import permissions
from painclinic_desktop.core.security_errors import PermissionDenied
from painclinic_desktop.services import bundles
from painclinic_desktop.store import audit, records
from tests.factories import assessment, bundle, client, contact, uid

from .attack import export_of
from .conftest import NAMES, PASSWORDS

MAY_IMPORT = {permissions.ADMIN, permissions.COACH}
# Partner bundles only, in their own community database.
PARTNER_ONLY = {permissions.COMMUNITY_PARTNER}


def _db(service, role: str):
    return service.community_path if role in PARTNER_ONLY else service.path


def _clinical_bundle(note: str = "Newer note from the other laptop.") -> dict:
    return bundle(
        clients=[client("ayesha", nhs_number=None)],
        contacts=[contact("c1", note=note, updated_at="2026-11-20T10:00:00+00:00")],
        # question 9 above 0: the import must raise a risk flag, whoever imports
        assessments=[assessment("a1", items=[1, 1, 2, 1, 0, 1, 1, 0, 1])],
    )


@pytest.fixture
def caseload(service):
    store = service.sign_in("coach")
    bundles.import_bundle(store, bundle(clients=[client("ayesha", nhs_number=None)]))
    store.close()
    return service


def _as(monkeypatch, role: str) -> None:
    monkeypatch.setenv("PAINCLINIC_USER", NAMES[role])
    monkeypatch.setenv("PAINCLINIC_PASSWORD", PASSWORDS[role])


@pytest.mark.parametrize("role", permissions.ROLES)
def test_the_command_line_import_follows_the_rule_for_each_role(
    caseload, tmp_path, capsys, monkeypatch, role
):
    path = tmp_path / "caseload.json"
    path.write_text(json.dumps(_clinical_bundle()), encoding="utf-8")
    before = export_of(caseload.path)
    _as(monkeypatch, role)
    capsys.readouterr()
    code = main(["--db", str(_db(caseload, role)), "import", str(path)])
    err = capsys.readouterr().err
    if role in MAY_IMPORT:
        assert code == 0, err
        after = export_of(caseload.path)
        assert [c["note"] for c in after["contacts"]] == ["Newer note from the other laptop."]
        assert [f["kind"] for f in after["flags"]] == ["risk"]
        store = caseload.sign_in()
        rows = audit.search(store, action=audit.IMPORT, actor=NAMES[role])
        store.close()
        carried = "Clinical records carried: 1 contacts, 1 assessments."
        assert [r for r in rows if carried in r["detail"]]
    else:
        assert code == 2
        assert "not allowed to import bundles" in err
        assert "Accounts that may: admin, health coach." in err
        assert export_of(caseload.path) == before


@pytest.mark.parametrize("role", sorted(set(permissions.ROLES) - MAY_IMPORT - PARTNER_ONLY))
def test_a_role_that_may_not_import_is_refused_before_the_file_is_read(
    caseload, tmp_path, capsys, monkeypatch, role
):
    path = tmp_path / "broken.json"
    path.write_text("{ not json", encoding="utf-8")
    _as(monkeypatch, role)
    assert main(["--db", str(caseload.path), "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert "not allowed to import bundles" in err and "not valid JSON" not in err


@pytest.mark.parametrize("role", permissions.ROLES)
def test_the_service_import_follows_the_rule_for_each_role(caseload, role):
    store = caseload.sign_in(role)
    try:
        if role in MAY_IMPORT:
            summary = bundles.import_bundle(store, _clinical_bundle())
            assert summary.risk_flags_raised == 1
            assert records.get(store, "contacts", uid("c1"))["note"].startswith("Newer")
        else:
            with pytest.raises(PermissionDenied, match="Accounts that may: admin, health coach"):
                bundles.import_bundle(store, _clinical_bundle())
    finally:
        store.close()


def test_an_admin_import_changing_a_note_is_allowed_and_named_in_the_trail(caseload):
    store = caseload.sign_in("coach")
    bundles.import_bundle(store, bundle(contacts=[contact("c1", note="Original note.")]))
    store.close()
    store = caseload.sign_in("admin")
    bundles.import_bundle(store, _clinical_bundle("Corrected by the service's export."))
    assert records.get(store, "contacts", uid("c1"))["note"] == "Corrected by the service's export."
    [row] = audit.search(store, action=audit.IMPORT, actor=NAMES["admin"])
    assert "1 updated" in row["detail"] and "1 contacts" in row["detail"]
    store.close()
