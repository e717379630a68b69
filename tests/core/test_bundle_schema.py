"""The fast record check used on import accepts exactly what the published schema accepts.

Imports check each record with a compiled validator built from a folded copy of the schema
(references written out, "this or null" choices merged). If that copy were more lenient than
the schema, a bad record would be imported; if stricter, a good one would be refused with no
reason given. So every field of every collection is tried with a battery of awkward values,
and the fast verdict must equal the full JSON Schema validator's, each way.
"""

from __future__ import annotations

import copy
from datetime import date

import pytest

from painclinic_desktop.core.bundle_schema import (
    _fast_validator,
    _full_validator,
    bundle_schema,
    check_record,
    fast_schema,
)
from painclinic_desktop.core.codes import COLLECTIONS
from painclinic_desktop.core.demo import generate_bundle
from tests.factories import uid

PROBES = (
    None,
    True,
    False,
    0,
    1,
    3,
    10,
    11,
    -1,
    2.5,
    2.0,
    "",
    " ",
    "x",
    "A",
    "phq9",
    "2026-10-03",
    "2026-02-30",
    "2026-10-03T14:30:00+01:00",
    "2026-10-03T14:30:00",
    uid("probe"),
    [],
    [1],
    [0, 11],
    ["a"],
    [None],
    ["a", "b", "c", "d", "e"],
    [1, 2, 3, 4, 5],
    {},
    {"a": 1},
)
MISSING = object()


@pytest.fixture(scope="module")
def samples():
    doc = generate_bundle(40, seed=3, today=date(2026, 11, 1))
    return {c: doc[c][0] for c in COLLECTIONS}


def _fast_accepts(collection, record):
    try:
        _fast_validator(collection)(record)
    except Exception:  # noqa: BLE001 - any refusal counts as "not accepted"
        return False
    return True


def _full_accepts(collection, record):
    return _full_validator(collection).is_valid(record)


def _paths(value, prefix=()):
    """Every place inside a sample record a value can be swapped: keys and list entries."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield (*prefix, key)
            yield from _paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield (*prefix, index)
            yield from _paths(inner, (*prefix, index))


def _with(record, path, probe):
    changed = copy.deepcopy(record)
    holder = changed
    for step in path[:-1]:
        holder = holder[step]
    if probe is MISSING:
        del holder[path[-1]]  # a key left out, or a list one entry shorter
    else:
        holder[path[-1]] = probe
    return changed


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_the_fast_check_agrees_with_the_schema_on_every_field_and_awkward_value(
    collection, samples
):
    sample = samples[collection]
    fields = bundle_schema()["$defs"][collection]["properties"]
    paths = {(name,) for name in fields} | set(_paths(sample)) | {("not_a_field",)}
    disagreements, tried = [], 0
    for path in sorted(paths, key=str):
        for probe in (*PROBES, MISSING):
            try:
                record = _with(sample, path, probe)
            except (KeyError, IndexError):
                continue
            tried += 1
            fast, full = _fast_accepts(collection, record), _full_accepts(collection, record)
            if fast != full:
                disagreements.append((path, probe, "fast" if fast else "full", "accepts"))
    assert tried > 200
    assert disagreements == []


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_the_generated_sample_of_each_collection_is_valid_both_ways(collection, samples):
    assert _fast_accepts(collection, samples[collection])
    assert _full_accepts(collection, samples[collection])


def test_the_folded_schema_has_no_references_and_folds_null_choices():
    folded = fast_schema("referrals")
    assert "$ref" not in repr(folded)
    # outcome_on: a date or null, as one subschema; source: a required code, untouched
    assert folded["properties"]["outcome_on"]["type"] == ["string", "null"]
    assert folded["properties"]["outcome_on"]["pattern"].startswith("^[0-9]{4}")
    assert None not in folded["properties"]["source"]["enum"]


def test_a_null_optional_code_passes_and_a_wrong_one_is_still_named(samples):
    record = {**samples["contacts"], "venue": None}
    assert check_record("contacts", record, 0) == []
    record["venue"] = "garden"
    [problem] = check_record("contacts", record, 0)
    assert (problem.field, problem.reason.split(" is not")[0]) == ("venue", '"garden"')
