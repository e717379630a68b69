"""The hub's schema (PostgreSQL, schema ``painclinic``): named migrations, like the laptop's.

Logins never touch a table: they may only call ``whoami_v1``, ``push_v1`` and ``pull_v1``,
which run with the owner's rights, pin ``search_path`` and know the caller only as
``session_user``. Every table forces row-level security, so even those functions read
clinical rows and clinical columns only for a caller whose role may see them.

Records are kept whole as JSON (``data``), except the clinical columns of shared records
(a referral's reason, a flag's note...), which live in ``clinical_fields``: a non-clinical
login's edit of a referral cannot touch them. Every accepted change takes the next change
number under the service's push lock, so a pull cursor can never pass a change that has not
committed yet. The field rule of ``core/merge.py`` is written again in ``merge_change``.

Frozen once released: add a migration, never edit one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..core import permissions, sync_rules

SCHEMA = "painclinic"

_TABLES = """
CREATE TABLE painclinic.service (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    owner_role text NOT NULL, role_prefix text NOT NULL,
    last_change bigint NOT NULL DEFAULT 0, laptop_schema integer NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE painclinic.roles (role text PRIMARY KEY, clinical boolean NOT NULL);
CREATE TABLE painclinic.role_permissions (
    role text REFERENCES painclinic.roles, permission text, PRIMARY KEY (role, permission));
CREATE TABLE painclinic.collections (
    collection text PRIMARY KEY, clinical boolean NOT NULL, write_permission text NOT NULL,
    insert_only boolean NOT NULL);
CREATE TABLE painclinic.clinical_columns (
    collection text REFERENCES painclinic.collections, field text,
    PRIMARY KEY (collection, field));
CREATE TABLE painclinic.append_lists (
    collection text REFERENCES painclinic.collections, field text,
    PRIMARY KEY (collection, field));
CREATE TABLE painclinic.people (
    login text PRIMARY KEY, role text NOT NULL REFERENCES painclinic.roles,
    created_at timestamptz NOT NULL DEFAULT now(), disabled_at timestamptz);
CREATE TABLE painclinic.records (
    collection text NOT NULL REFERENCES painclinic.collections, id text NOT NULL,
    version integer NOT NULL, change_no bigint NOT NULL UNIQUE, clinical boolean NOT NULL,
    deleted boolean NOT NULL DEFAULT false, data jsonb NOT NULL,
    login text, device text, changed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (collection, id));
CREATE TABLE painclinic.clinical_fields (
    collection text NOT NULL, id text NOT NULL, data jsonb NOT NULL,
    PRIMARY KEY (collection, id),
    FOREIGN KEY (collection, id) REFERENCES painclinic.records (collection, id));
CREATE TABLE painclinic.versions (
    collection text NOT NULL, id text NOT NULL, version integer NOT NULL,
    change_no bigint NOT NULL, clinical boolean NOT NULL, deleted boolean NOT NULL,
    data jsonb NOT NULL, login text, device text, at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (collection, id, version));
CREATE TABLE painclinic.mutations (
    mutation_id uuid PRIMARY KEY, login text NOT NULL, device text, status text NOT NULL,
    reason text, collection text, record_id text, version integer,
    at timestamptz NOT NULL DEFAULT now());
CREATE TABLE painclinic.conflicts (
    id bigserial PRIMARY KEY, change_no bigint NOT NULL UNIQUE,
    collection text NOT NULL, record_id text NOT NULL, field text NOT NULL,
    clinical boolean NOT NULL, live_value jsonb, other_value jsonb,
    live_author text, other_author text, live_at timestamptz, other_at timestamptz,
    other_device text, other_clock text, mutation_id uuid NOT NULL,
    resolved_at timestamptz, resolved_by text);
CREATE TABLE painclinic.held (
    mutation_id uuid PRIMARY KEY, kind text NOT NULL CHECK (kind IN ('quarantined', 'rejected')),
    login text NOT NULL, device text, reason text NOT NULL, app_version text,
    schema_version integer, entry jsonb NOT NULL, at timestamptz NOT NULL DEFAULT now());
CREATE TABLE painclinic.audit_rows (
    device text NOT NULL, seq bigint NOT NULL, login text NOT NULL, row jsonb NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (device, seq));
CREATE INDEX records_change ON painclinic.records (change_no);
CREATE INDEX conflicts_record ON painclinic.conflicts (collection, record_id);
"""

_APPEND_ONLY = """
CREATE FUNCTION painclinic.refuse_change() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RAISE EXCEPTION '% rows are never changed or deleted', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER versions_append_only BEFORE UPDATE OR DELETE ON painclinic.versions
    FOR EACH ROW EXECUTE FUNCTION painclinic.refuse_change();
CREATE TRIGGER audit_rows_append_only BEFORE UPDATE OR DELETE ON painclinic.audit_rows
    FOR EACH ROW EXECUTE FUNCTION painclinic.refuse_change();
"""

_CALLER = """
CREATE FUNCTION painclinic.caller_role() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
    SELECT CASE WHEN session_user::text = s.owner_role THEN 'owner' ELSE (
        SELECT p.role FROM painclinic.people p
        WHERE p.login = session_user::text AND p.disabled_at IS NULL
          AND pg_has_role(session_user, s.role_prefix || '_' || p.role, 'MEMBER')) END
    FROM painclinic.service s
$$;
CREATE FUNCTION painclinic.role_is_clinical(who text) RETURNS boolean LANGUAGE sql STABLE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT coalesce(who = 'owner'
        OR (SELECT r.clinical FROM painclinic.roles r WHERE r.role = who), false)
$$;
-- push_v1 and pull_v1 work out who is calling once, at their start, and keep it for their
-- transaction; a value a login set beforehand is always overwritten there first.
CREATE FUNCTION painclinic.begin_call() RETURNS text LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    who text := painclinic.caller_role();
BEGIN
    PERFORM set_config('painclinic.role', coalesce(who, ''), true);
    PERFORM set_config('painclinic.clinical',
                       painclinic.role_is_clinical(who)::text, true);
    RETURN who;
END $$;
CREATE FUNCTION painclinic.caller_is_clinical() RETURNS boolean LANGUAGE sql STABLE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT coalesce(nullif(current_setting('painclinic.clinical', true), '')::boolean,
                    painclinic.role_is_clinical(painclinic.caller_role()))
$$;
CREATE FUNCTION painclinic.caller_may(wanted text) RETURNS boolean LANGUAGE sql STABLE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM painclinic.role_permissions p
                   WHERE p.role = coalesce(nullif(current_setting('painclinic.role', true), ''),
                                           painclinic.caller_role())
                     AND p.permission = wanted)
$$;
"""

# Row-level security on every table, forced for the owner too. Only the owner's functions
# reach the tables at all; clinical rows and columns only for a caller who may read them.
_POLICIES = """
ALTER TABLE painclinic.{table} ENABLE ROW LEVEL SECURITY;
ALTER TABLE painclinic.{table} FORCE ROW LEVEL SECURITY;
CREATE POLICY hub_functions ON painclinic.{table} TO {owner} USING ({rule});
"""
_CLINICAL_RULE = "NOT clinical OR (SELECT painclinic.caller_is_clinical())"
_POLICY_RULES = {
    "service": "true",
    "roles": "true",
    "role_permissions": "true",
    "collections": "true",
    "clinical_columns": "true",
    "append_lists": "true",
    "people": "true",
    "records": _CLINICAL_RULE,
    "clinical_fields": "(SELECT painclinic.caller_is_clinical())",
    "versions": _CLINICAL_RULE,
    "mutations": "true",
    "conflicts": _CLINICAL_RULE,
    "held": "true",
    "audit_rows": "true",
}

_FUNCTIONS = r"""
CREATE FUNCTION painclinic.same(a jsonb, b jsonb) RETURNS boolean LANGUAGE sql IMMUTABLE
AS $$ SELECT coalesce(a, 'null'::jsonb) = coalesce(b, 'null'::jsonb) $$;

-- Change numbers come from a sequence under the push lock; pull_v1 trusts only the number
-- recorded in ``service`` when a push commits (see push_v1).
CREATE SEQUENCE painclinic.change_seq;
CREATE FUNCTION painclinic.next_change() RETURNS bigint LANGUAGE sql
SET search_path = pg_catalog, pg_temp AS $$ SELECT nextval('painclinic.change_seq') $$;

-- Both sides' entries of a growing history list, once each, in date order (core/merge.py).
CREATE FUNCTION painclinic.union_history(live jsonb, incoming jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT coalesce(jsonb_agg(item ORDER BY
        coalesce(item->>'reviewed_on', item->>'rated_on', item->>'on', ''), first_seen), '[]')
    FROM (SELECT item, min(n) AS first_seen FROM (
            SELECT item, n FROM jsonb_array_elements(
                CASE WHEN jsonb_typeof(live) = 'array' THEN live ELSE '[]' END)
                WITH ORDINALITY AS l(item, n)
            UNION ALL
            SELECT item, 100000 + n FROM jsonb_array_elements(
                CASE WHEN jsonb_typeof(incoming) = 'array' THEN incoming ELSE '[]' END)
                WITH ORDINALITY AS i(item, n)) everything
          GROUP BY item) once
$$;

-- The field rule of core/merge.py, written again here (a test checks that both agree).
CREATE FUNCTION painclinic.merge_fields(coll text, before jsonb, after jsonb, live jsonb,
    OUT result jsonb, OUT changed boolean, OUT clashes jsonb)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    f record;
    old_value jsonb;
BEGIN
    result := coalesce(live, '{}');
    changed := false;
    clashes := '[]';
    FOR f IN SELECT key, value FROM jsonb_each(after)
             WHERE key NOT IN ('id', 'created_at', 'updated_at', 'author') LOOP
        old_value := CASE WHEN before IS NULL THEN NULL ELSE before->f.key END;
        CONTINUE WHEN before IS NOT NULL AND painclinic.same(old_value, f.value);
        CONTINUE WHEN before IS NULL AND painclinic.same(f.value, NULL);
        CONTINUE WHEN painclinic.same(live->f.key, f.value);
        IF before IS NOT NULL AND painclinic.same(live->f.key, old_value) THEN
            result := jsonb_set(result, ARRAY[f.key], f.value);
            changed := true;
        ELSIF EXISTS (SELECT 1 FROM painclinic.append_lists a
                      WHERE a.collection = coll AND a.field = f.key) THEN
            IF NOT painclinic.same(painclinic.union_history(live->f.key, f.value),
                                   live->f.key) THEN
                result := jsonb_set(result, ARRAY[f.key],
                                    painclinic.union_history(live->f.key, f.value));
                changed := true;
            END IF;
        ELSIF before IS NULL AND painclinic.same(live->f.key, NULL) THEN
            result := jsonb_set(result, ARRAY[f.key], f.value);
            changed := true;
        ELSE
            clashes := clashes || jsonb_build_array(jsonb_build_object(
                'field', f.key, 'live', live->f.key, 'other', f.value));
        END IF;
    END LOOP;
    IF changed THEN
        IF after ? 'updated_at' THEN
            result := jsonb_set(result, '{updated_at}', after->'updated_at');
        END IF;
        IF after ? 'author' THEN
            result := jsonb_set(result, '{author}', after->'author');
        END IF;
    END IF;
END $$;

-- Store a record's new version: shared columns in records, clinical columns apart.
CREATE FUNCTION painclinic.put_record(coll text, rid text, full_data jsonb, is_deleted boolean,
    new_version integer, who text, dev text) RETURNS bigint LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    change bigint := painclinic.next_change();
    hidden text[] := ARRAY(SELECT field FROM painclinic.clinical_columns
                           WHERE collection = coll);
    is_clinical boolean := (SELECT clinical FROM painclinic.collections
                            WHERE collection = coll);
BEGIN
    INSERT INTO painclinic.records AS r
        (collection, id, version, change_no, clinical, deleted, data, login, device)
    VALUES (coll, rid, new_version, change, is_clinical, is_deleted, full_data - hidden,
            who, dev)
    ON CONFLICT (collection, id) DO UPDATE SET version = excluded.version,
        change_no = excluded.change_no, deleted = excluded.deleted, data = excluded.data,
        login = excluded.login, device = excluded.device, changed_at = now();
    -- Only a change that carries clinical columns touches them: one from a login that reads
    -- them blank never arrives with them, so it can never blank them.
    IF cardinality(hidden) > 0 AND full_data ?| hidden THEN
        INSERT INTO painclinic.clinical_fields (collection, id, data)
        SELECT coll, rid, coalesce(jsonb_object_agg(key, value), '{}')
        FROM jsonb_each(full_data) WHERE key = ANY (hidden)
        ON CONFLICT (collection, id) DO UPDATE SET data = excluded.data;
    END IF;
    INSERT INTO painclinic.versions
        (collection, id, version, change_no, clinical, deleted, data, login, device)
    VALUES (coll, rid, new_version, change, is_clinical, is_deleted, full_data, who, dev);
    RETURN change;
END $$;

CREATE FUNCTION painclinic.add_conflict(coll text, rid text, field_name text, live jsonb,
    other jsonb, live_row painclinic.records, entry jsonb, who text, dev text) RETURNS bigint
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    made bigint;
BEGIN
    INSERT INTO painclinic.conflicts (change_no, collection, record_id, field, clinical,
        live_value, other_value, live_author, other_author, live_at, other_at, other_device,
        other_clock, mutation_id)
    VALUES (painclinic.next_change(), coll, rid, field_name,
        (SELECT clinical FROM painclinic.collections WHERE collection = coll)
            OR EXISTS (SELECT 1 FROM painclinic.clinical_columns c
                       WHERE c.collection = coll AND c.field = field_name),
        live, other, live_row.login, who, live_row.changed_at, now(), dev,
        entry->>'made_at', (entry->>'mutation_id')::uuid)
    RETURNING id INTO made;
    RETURN made;
END $$;

-- One entry of a push. Raises to reject it (push_v1 keeps it for the admin).
CREATE FUNCTION painclinic.apply_entry(entry jsonb, dev text, who text) RETURNS jsonb
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    mid uuid := (entry->>'mutation_id')::uuid;
    coll text := entry->>'collection';
    rid text := entry->>'record_id';
    op text := entry->>'op';
    before jsonb := nullif(entry->'before', 'null'::jsonb);
    after jsonb := nullif(entry->'after', 'null'::jsonb);
    rule painclinic.collections;
    prior painclinic.mutations;
    cur painclinic.records;
    live jsonb;
    merged record;
    clashes bigint[] := '{}';
    f record;
    clinical_caller boolean := painclinic.caller_is_clinical();
    hidden text[];
    version_made integer;
    status text;
BEGIN
    SELECT * INTO prior FROM painclinic.mutations WHERE mutation_id = mid;
    IF FOUND THEN
        RETURN jsonb_build_object('mutation_id', mid, 'status', prior.status,
            'replayed', true, 'reason', prior.reason, 'version', prior.version);
    END IF;
    SELECT * INTO rule FROM painclinic.collections WHERE collection = coll;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'the hub does not keep records of "%"', coll;
    END IF;
    IF op NOT IN ('upsert', 'delete') OR rid IS NULL OR (op = 'upsert' AND after IS NULL) THEN
        RAISE EXCEPTION 'a change must name its record and say what it does';
    END IF;
    IF rule.clinical AND NOT clinical_caller THEN
        RAISE EXCEPTION 'your role may not change clinical records (%)', coll;
    END IF;
    IF NOT painclinic.caller_may(rule.write_permission) THEN
        RAISE EXCEPTION 'your role may not change records of "%"', coll;
    END IF;
    -- A login without clinical access reads clinical columns blank: never take them from it.
    IF NOT clinical_caller THEN
        hidden := ARRAY(SELECT field FROM painclinic.clinical_columns WHERE collection = coll);
        before := before - hidden;
        after := after - hidden;
    END IF;
    SELECT * INTO cur FROM painclinic.records WHERE collection = coll AND id = rid FOR UPDATE;
    IF FOUND THEN
        live := cur.data || coalesce((SELECT c.data FROM painclinic.clinical_fields c
                                      WHERE c.collection = coll AND c.id = rid), '{}');
    END IF;
    IF cur.id IS NULL THEN  -- a new record (or the delete of one the hub never had)
        IF op = 'delete' THEN
            status := 'accepted';
        ELSE
            version_made := 1;
            PERFORM painclinic.put_record(coll, rid, after, false, 1, who, dev);
            status := 'accepted';
        END IF;
    ELSIF rule.insert_only THEN
        IF op = 'delete' OR NOT painclinic.same(live - 'author' - 'created_at' - 'updated_at',
                                                after - 'author' - 'created_at' - 'updated_at')
        THEN
            RAISE EXCEPTION '% rows are history: they are never changed or deleted', coll;
        END IF;
        status := 'accepted';
    ELSIF cur.deleted THEN
        IF op = 'delete' THEN
            status := 'accepted';
        ELSE  -- an edit meeting a delete: the delete stays, the edit is kept as a clash
            clashes := clashes || painclinic.add_conflict(coll, rid, '(deleted)', NULL, after,
                                                          cur, entry, who, dev);
            status := 'conflict';
        END IF;
    ELSIF op = 'delete' THEN
        -- A delete of the copy as it stood: anything changed since by someone else clashes.
        IF before IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM jsonb_each(before) b
            WHERE b.key NOT IN ('id', 'created_at', 'updated_at', 'author')
              AND NOT painclinic.same(live->b.key, b.value)) THEN
            version_made := cur.version + 1;
            PERFORM painclinic.put_record(coll, rid, live, true, version_made, who, dev);
            status := 'accepted';
        ELSE
            clashes := clashes || painclinic.add_conflict(coll, rid, '(deleted)', live, NULL,
                                                          cur, entry, who, dev);
            status := 'conflict';
        END IF;
    ELSE  -- the field rule of core/merge.py
        SELECT * INTO merged FROM painclinic.merge_fields(coll, before, after, live);
        FOR f IN SELECT value FROM jsonb_array_elements(merged.clashes) LOOP
            clashes := clashes || painclinic.add_conflict(coll, rid, f.value->>'field',
                f.value->'live', f.value->'other', cur, entry, who, dev);
        END LOOP;
        IF merged.changed THEN
            version_made := cur.version + 1;
            PERFORM painclinic.put_record(coll, rid, merged.result, false, version_made, who,
                                          dev);
        END IF;
        status := CASE WHEN cardinality(clashes) > 0 THEN 'conflict'
                       WHEN (entry->>'base')::integer IS DISTINCT FROM cur.version THEN 'merged'
                       ELSE 'accepted' END;
    END IF;
    -- A person settles a clash by an ordinary edit that names it.
    UPDATE painclinic.conflicts SET resolved_at = now(), resolved_by = who,
        change_no = painclinic.next_change()
    WHERE id IN (SELECT (jsonb_array_elements_text(coalesce(entry->'resolves', '[]'))
                         )::bigint)
      AND collection = coll AND record_id = rid AND resolved_at IS NULL;
    INSERT INTO painclinic.mutations (mutation_id, login, device, status, collection,
                                      record_id, version)
    VALUES (mid, who, dev, status, coll, rid, version_made);
    RETURN jsonb_build_object('mutation_id', mid, 'status', status, 'replayed', false,
        'version', coalesce(version_made, cur.version), 'conflicts', to_jsonb(clashes));
END $$;

CREATE FUNCTION painclinic.hold(entry jsonb, batch jsonb, who text, held_kind text,
    why text) RETURNS jsonb LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    mid uuid := (entry->>'mutation_id')::uuid;
BEGIN
    INSERT INTO painclinic.held (mutation_id, kind, login, device, reason, app_version,
                                 schema_version, entry)
    VALUES (mid, held_kind, who, batch->>'device', why, batch->>'app_version',
            (batch->>'schema_version')::integer, entry)
    ON CONFLICT (mutation_id) DO NOTHING;
    INSERT INTO painclinic.mutations (mutation_id, login, device, status, reason,
                                      collection, record_id)
    VALUES (mid, who, batch->>'device', held_kind, why, entry->>'collection',
            entry->>'record_id')
    ON CONFLICT (mutation_id) DO NOTHING;
    RETURN jsonb_build_object('mutation_id', mid, 'status', held_kind, 'reason', why,
                              'replayed', false);
END $$;

CREATE FUNCTION painclinic.whoami_v1() RETURNS jsonb LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
    SELECT jsonb_build_object('login', session_user::text, 'role', painclinic.caller_role(),
        'service', current_database(), 'hub_time', clock_timestamp(),
        'laptop_schema', (SELECT laptop_schema FROM painclinic.service))
$$;

-- The bulk path: changes that create a record the hub has never had (a caseload's first
-- push) are applied set-based, in entry order; push_v1 answers them "accepted" and takes
-- every other entry one by one. Returns the entry numbers it applied.
CREATE FUNCTION painclinic.apply_new_records(batch jsonb, who text, dev text,
    clinical_caller boolean, caller text) RETURNS bigint[] LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    done bigint[];
BEGIN
    WITH candidates AS (
        -- Ids as plain columns: row security lets only leakproof comparisons of plain
        -- values reach the indexes.
        SELECT DISTINCT ON (e.value->>'collection', e.value->>'record_id') e.n, e.value,
               e.value->>'record_id' AS record_id,
               (e.value->>'mutation_id')::uuid AS mutation_id
        FROM jsonb_array_elements(coalesce(batch->'entries', '[]')) WITH ORDINALITY
            AS e(value, n)
        WHERE e.value->>'op' = 'upsert'
          AND jsonb_typeof(e.value->'after') = 'object'
          AND coalesce(jsonb_typeof(e.value->'before'), 'null') = 'null'
          AND e.value->>'record_id' IS NOT NULL
          AND e.value->>'mutation_id'
              ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
        ORDER BY e.value->>'collection', e.value->>'record_id', e.n
    ), picked AS (
        SELECT n, value AS entry, c.collection AS coll, value->>'record_id' AS rid,
               c.clinical AS clin, hidden.fields,
               CASE WHEN clinical_caller THEN value->'after'
                    ELSE (value->'after') - hidden.fields END AS data,
               nextval('painclinic.change_seq') AS change
        FROM (SELECT * FROM candidates ORDER BY n) ordered
        JOIN painclinic.collections c ON c.collection = ordered.value->>'collection'
        CROSS JOIN LATERAL (SELECT coalesce(array_agg(k.field), '{}') AS fields
                            FROM painclinic.clinical_columns k
                            WHERE k.collection = c.collection) hidden
        WHERE (NOT c.clinical OR clinical_caller)
          AND EXISTS (SELECT 1 FROM painclinic.role_permissions p
                      WHERE p.role = caller AND p.permission = c.write_permission)
          AND NOT EXISTS (SELECT 1 FROM painclinic.records r
                          WHERE r.collection = c.collection AND r.id = ordered.record_id)
          AND NOT EXISTS (SELECT 1 FROM painclinic.mutations m
                          WHERE m.mutation_id = ordered.mutation_id)
    ), into_records AS (
        INSERT INTO painclinic.records
            (collection, id, version, change_no, clinical, deleted, data, login, device)
        SELECT coll, rid, 1, change, clin, false, data - fields, who, dev FROM picked
        RETURNING 1
    ), into_clinical AS (
        INSERT INTO painclinic.clinical_fields (collection, id, data)
        SELECT coll, rid, (SELECT jsonb_object_agg(key, value) FROM jsonb_each(data)
                           WHERE key = ANY (fields))
        FROM picked WHERE cardinality(fields) > 0 AND data ?| fields
        RETURNING 1
    ), into_versions AS (
        INSERT INTO painclinic.versions
            (collection, id, version, change_no, clinical, deleted, data, login, device)
        SELECT coll, rid, 1, change, clin, false, data, who, dev FROM picked
        RETURNING 1
    ), into_mutations AS (
        INSERT INTO painclinic.mutations
            (mutation_id, login, device, status, collection, record_id, version)
        SELECT (entry->>'mutation_id')::uuid, who, dev, 'accepted', coll, rid, 1 FROM picked
        RETURNING 1
    )
    SELECT coalesce(array_agg(n), '{}') INTO done FROM picked;
    RETURN done;
END $$;

CREATE FUNCTION painclinic.push_v1(batch jsonb) RETURNS jsonb LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    who text := session_user::text;
    role text := painclinic.begin_call();
    known integer;
    entry jsonb;
    n bigint;
    fresh bigint[] := '{}';
    answer jsonb;
    answers jsonb[] := '{}';
    audit jsonb;
    understood boolean;
BEGIN
    IF role IS NULL OR role = 'owner' THEN
        RAISE EXCEPTION 'this login is not a member of the service'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- One push at a time per service: change numbers commit in order, so a pull cursor
    -- never passes a change that commits later.
    PERFORM pg_advisory_xact_lock(hashtextextended('painclinic.push', 0));
    SELECT laptop_schema INTO known FROM painclinic.service;
    understood := coalesce((batch->>'protocol')::integer, 0) = 1
                  AND coalesce((batch->>'schema_version')::integer, 0) <= known;
    IF understood THEN
        fresh := painclinic.apply_new_records(batch, who, batch->>'device',
                                              painclinic.caller_is_clinical(), role);
    END IF;
    FOR entry, n IN SELECT value, ordinality
                    FROM jsonb_array_elements(coalesce(batch->'entries', '[]'))
                    WITH ORDINALITY LOOP
        IF NOT understood THEN
            -- A laptop newer than the hub: held, never applied and never dropped.
            answer := painclinic.hold(entry, batch, who, 'quarantined',
                format('the hub understands laptop schema up to %s, not %s: upgrade the hub',
                       known, batch->>'schema_version'));
        ELSIF n = ANY (fresh) THEN
            answer := jsonb_build_object('mutation_id', entry->>'mutation_id',
                'status', 'accepted', 'replayed', false, 'version', 1, 'conflicts', '[]'::jsonb);
        ELSE
            BEGIN
                answer := painclinic.apply_entry(entry, batch->>'device', who);
            EXCEPTION WHEN OTHERS THEN
                answer := painclinic.hold(entry, batch, who, 'rejected', SQLERRM);
            END;
        END IF;
        answers := answers || answer;
    END LOOP;
    FOR audit IN SELECT value FROM jsonb_array_elements(coalesce(batch->'audit', '[]')) LOOP
        INSERT INTO painclinic.audit_rows (device, seq, login, row)
        VALUES (batch->>'device', (audit->>'seq')::bigint, who, audit)
        ON CONFLICT (device, seq) DO NOTHING;
    END LOOP;
    UPDATE painclinic.service SET last_change = greatest(last_change,
        (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM painclinic.change_seq));
    -- A caseload's first push grows the tables many times over: refresh the planner's
    -- figures when a push added a tenth or more, so lookups stay on the indexes.
    IF cardinality(fresh) * 10 > (SELECT greatest(reltuples, 0) FROM pg_class
                                  WHERE oid = 'painclinic.records'::regclass) THEN
        ANALYZE painclinic.records;
        ANALYZE painclinic.mutations;
        ANALYZE painclinic.versions;
        ANALYZE painclinic.clinical_fields;
    END IF;
    RETURN jsonb_build_object('hub_time', clock_timestamp(), 'answers', to_jsonb(answers));
END $$;

CREATE FUNCTION painclinic.pull_v1(after bigint, page integer) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    role text := painclinic.begin_call();
    clinical_caller boolean := painclinic.caller_is_clinical();
    committed bigint;
    changes jsonb;
    last_seen bigint;
    found_rows integer;
    upto bigint;
BEGIN
    IF role IS NULL THEN
        RAISE EXCEPTION 'this login is not a member of the service'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- Every change up to here was committed before this pull began (pushes are serial).
    SELECT last_change INTO committed FROM painclinic.service;
    SELECT coalesce(jsonb_agg(jsonb_build_object('change_no', r.change_no,
               'collection', r.collection, 'id', r.id, 'version', r.version,
               'deleted', r.deleted,
               'data', CASE WHEN clinical_caller THEN r.data || coalesce(c.data, '{}')
                            ELSE r.data END) ORDER BY r.change_no), '[]'),
           max(r.change_no), count(*)
    INTO changes, last_seen, found_rows
    FROM (SELECT * FROM painclinic.records WHERE change_no > after
          ORDER BY change_no LIMIT page) r
    LEFT JOIN painclinic.clinical_fields c ON c.collection = r.collection AND c.id = r.id;
    upto := CASE WHEN found_rows < page THEN greatest(committed, coalesce(last_seen, after))
                 ELSE last_seen END;
    RETURN jsonb_build_object('hub_time', clock_timestamp(), 'role', role, 'next', upto,
        'more', found_rows >= page, 'changes', changes,
        'conflicts', (SELECT coalesce(jsonb_agg(to_jsonb(k) ORDER BY k.change_no), '[]')
                      FROM painclinic.conflicts k
                      WHERE k.change_no > after AND k.change_no <= upto));
END $$;
"""

_FUNCTION_SIGNATURES = ("whoami_v1()", "push_v1(jsonb)", "pull_v1(bigint, integer)")  # 0001


def _lists(cur: Any) -> None:
    """The role and collection rules, from the app's own lists, written on the hub."""
    for role in permissions.ROLES:
        cur.execute(
            "INSERT INTO painclinic.roles (role, clinical) VALUES (%s, %s)",
            (role, permissions.allows(role, permissions.VIEW_CLINICAL)),
        )
        for permission in sorted(permissions.MATRIX[role]):
            cur.execute(
                "INSERT INTO painclinic.role_permissions (role, permission) VALUES (%s, %s)",
                (role, permission),
            )
    for collection in sync_rules.SYNCED:
        cur.execute(
            "INSERT INTO painclinic.collections VALUES (%s, %s, %s, %s)",
            (
                collection,
                collection in sync_rules.CLINICAL_COLLECTIONS,
                permissions.write_permissions(collection, new=True)[0],
                collection in sync_rules.INSERT_ONLY,
            ),
        )
    for collection, field in sorted(sync_rules.CLINICAL_FIELDS):
        cur.execute("INSERT INTO painclinic.clinical_columns VALUES (%s, %s)", (collection, field))
    for collection, field in sorted(sync_rules.APPEND_LISTS):
        cur.execute("INSERT INTO painclinic.append_lists VALUES (%s, %s)", (collection, field))


def _first(cur: Any, ctx: dict[str, Any]) -> None:
    owner = ctx["owner"]
    cur.execute(_TABLES)
    cur.execute(_APPEND_ONLY)
    cur.execute(_CALLER)
    cur.execute(_FUNCTIONS)
    cur.execute(
        "INSERT INTO painclinic.service (owner_role, role_prefix, laptop_schema) "
        "VALUES (%s, %s, %s)",
        (owner, ctx["prefix"], ctx["laptop_schema"]),
    )
    _lists(cur)
    for table, rule in _POLICY_RULES.items():
        cur.execute(_POLICIES.format(table=table, owner=_quoted(owner), rule=rule))
    cur.execute("REVOKE ALL ON ALL TABLES IN SCHEMA painclinic FROM PUBLIC")
    cur.execute("REVOKE ALL ON ALL FUNCTIONS IN SCHEMA painclinic FROM PUBLIC")
    cur.execute("REVOKE ALL ON SCHEMA painclinic FROM PUBLIC")
    for role in permissions.ROLES:
        group = _quoted(f"{ctx['prefix']}_{role}")
        cur.execute(f"GRANT USAGE ON SCHEMA painclinic TO {group}")
        for signature in _FUNCTION_SIGNATURES:
            cur.execute(f"GRANT EXECUTE ON FUNCTION painclinic.{signature} TO {group}")


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lists_grown(cur: Any, ctx: dict[str, Any]) -> None:
    """Collections and permissions the app gained since the hub was made (staff training
    and programme costing): added to the hub's lists; rows already there stay as they are."""
    for role in permissions.ROLES:
        for permission in sorted(permissions.MATRIX[role]):
            cur.execute(
                "INSERT INTO painclinic.role_permissions (role, permission) VALUES (%s, %s) "
                "ON CONFLICT DO NOTHING",
                (role, permission),
            )
    for collection in sync_rules.SYNCED:
        cur.execute(
            "INSERT INTO painclinic.collections VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
            (
                collection,
                collection in sync_rules.CLINICAL_COLLECTIONS,
                permissions.write_permissions(collection, new=True)[0],
                collection in sync_rules.INSERT_ONLY,
            ),
        )


_DESK = r"""
-- whoami_v1 also says how far the hub's changes go, so a laptop can show how much of a
-- first pull is done.
CREATE OR REPLACE FUNCTION painclinic.whoami_v1() RETURNS jsonb LANGUAGE sql STABLE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT jsonb_build_object('login', session_user::text, 'role', painclinic.caller_role(),
        'service', current_database(), 'hub_time', clock_timestamp(),
        'laptop_schema', (SELECT laptop_schema FROM painclinic.service),
        'last_change', (SELECT last_change FROM painclinic.service))
$$;
-- The changes the hub refused or quarantined, for an admin's laptop: who, what kind of
-- record, when and the hub's reason. Never the record itself (it may be clinical).
CREATE FUNCTION painclinic.held_v1() RETURNS jsonb LANGUAGE plpgsql STABLE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF painclinic.caller_role() IS DISTINCT FROM 'admin' THEN
        RAISE EXCEPTION 'only an admin sees what the hub refused'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN (SELECT coalesce(jsonb_agg(jsonb_build_object('mutation_id', h.mutation_id,
                'kind', h.kind, 'login', h.login, 'collection', h.entry->>'collection',
                'record_id', h.entry->>'record_id', 'reason', h.reason, 'at', h.at)
                ORDER BY h.at), '[]')
            FROM painclinic.held h);
END $$;
"""


def _desk(cur: Any, ctx: dict[str, Any]) -> None:
    cur.execute(_DESK)
    cur.execute("REVOKE ALL ON FUNCTION painclinic.held_v1() FROM PUBLIC")
    for role in permissions.ROLES:
        group = _quoted(f"{ctx['prefix']}_{role}")
        cur.execute(f"GRANT EXECUTE ON FUNCTION painclinic.held_v1() TO {group}")


def _pull_with_editor() -> str:
    """pull_v1 as 0001 made it, each change also saying who made it and when (the hub's
    own login and time, for "changed by … at …" on the other laptops)."""
    start = _FUNCTIONS.index("CREATE FUNCTION painclinic.pull_v1(")
    end = _FUNCTIONS.index("END $$;", start) + len("END $$;")
    text = _FUNCTIONS[start:end].replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1)
    marker = "'deleted', r.deleted,"
    assert text.count(marker) == 1
    return text.replace(marker, marker + " 'by', r.login, 'at', r.changed_at,")


def _editor(cur: Any, ctx: dict[str, Any]) -> None:
    cur.execute(_pull_with_editor())


def _medication_lists(cur: Any, ctx: dict[str, Any]) -> None:
    """Medicines, dose-reduction plans and GP requests (issue 15): clinical collections, and
    the lists of theirs that only grow, written on a hub made before them."""
    _lists_grown(cur, ctx)
    for collection, field in (("medication_plans", "events"), ("gp_actions", "history")):
        cur.execute(
            "INSERT INTO painclinic.append_lists VALUES (%s, %s) ON CONFLICT DO NOTHING",
            (collection, field),
        )


def _programme_lists(cur: Any, ctx: dict[str, Any]) -> None:
    """Programmes and their enrolments (issue 16): collections that are not clinical, written
    on a hub made before them, with the enrolment's reasons as clinical columns."""
    _lists_grown(cur, ctx)
    for collection, field in sorted(sync_rules.CLINICAL_FIELDS):
        if collection in ("programmes", "programme_enrolments"):
            cur.execute(
                "INSERT INTO painclinic.clinical_columns VALUES (%s, %s) ON CONFLICT DO NOTHING",
                (collection, field),
            )


def _clinical_columns_grown(cur: Any, ctx: dict[str, Any]) -> None:
    """Clinical columns the app gained since the hub was made (what a client said at
    follow-up about self-management): kept apart like the others from now on."""
    for collection, field in sorted(sync_rules.CLINICAL_FIELDS):
        cur.execute(
            "INSERT INTO painclinic.clinical_columns VALUES (%s, %s) ON CONFLICT DO NOTHING",
            (collection, field),
        )


_PUSH_OWN_CHANGES = r"""
-- push_v1 with the change numbers this push took: under the push lock every number taken
-- during the call is this push's own, so the same laptop's pull can leave out the records
-- it has just created (see pull_v2).
CREATE FUNCTION painclinic.push_v2(batch jsonb) RETURNS jsonb LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    taken_before bigint;
    answer jsonb;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('painclinic.push', 0));
    SELECT CASE WHEN is_called THEN last_value ELSE 0 END INTO taken_before
    FROM painclinic.change_seq;
    answer := painclinic.push_v1(batch);
    RETURN answer || jsonb_build_object('own_changes', jsonb_build_array(taken_before + 1,
        (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM painclinic.change_seq)));
END $$;
CREATE OR REPLACE FUNCTION painclinic.whoami_v1() RETURNS jsonb LANGUAGE sql STABLE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT jsonb_build_object('login', session_user::text, 'role', painclinic.caller_role(),
        'service', current_database(), 'hub_time', clock_timestamp(),
        'laptop_schema', (SELECT laptop_schema FROM painclinic.service),
        'last_change', (SELECT last_change FROM painclinic.service),
        'features', jsonb_build_array('own_changes'))
$$;
"""


def _pull_leaving_out_own() -> str:
    """pull_v1 as 0004 left it, as pull_v2: it leaves out the records the caller's own push
    created in this run (version 1, made by this login on this device, with a change number
    the push answered as its own). Such a record is on the laptop already, exactly as the hub
    keeps it; anything changed since by anyone has a later change number and a later version,
    and is sent as before. Conflicts are sent as before."""
    text = _pull_with_editor().replace(
        "CREATE OR REPLACE FUNCTION painclinic.pull_v1(after bigint, page integer)",
        "CREATE FUNCTION painclinic.pull_v2(after bigint, page integer, dev text, own jsonb)",
        1,
    )
    marker = (
        "    FROM (SELECT * FROM painclinic.records WHERE change_no > after\n"
        "          ORDER BY change_no LIMIT page) r"
    )
    assert text.count(marker) == 1 and text.count("pull_v2") == 1
    text = text.replace(
        marker,
        "    FROM (SELECT * FROM painclinic.records WHERE change_no > after\n"
        "          AND NOT coalesce(version = 1 AND device = dev\n"
        "                           AND login = session_user::text\n"
        "                           AND change_no <@ ANY (spans), false)\n"
        "          ORDER BY change_no LIMIT page) r",
    )
    declare = "    upto bigint;\n"
    assert text.count(declare) == 1
    return text.replace(
        declare,
        declare + "    spans int8range[] := ARRAY(SELECT int8range((s->>0)::bigint, "
        "(s->>1)::bigint, '[]')\n"
        "        FROM jsonb_array_elements(coalesce(own, '[]')) s\n"
        "        WHERE jsonb_typeof(s) = 'array');\n",
    )


def _own_changes(cur: Any, ctx: dict[str, Any]) -> None:
    cur.execute(_PUSH_OWN_CHANGES)
    cur.execute(_pull_leaving_out_own())
    for signature in ("push_v2(jsonb)", "pull_v2(bigint, integer, text, jsonb)"):
        cur.execute(f"REVOKE ALL ON FUNCTION painclinic.{signature} FROM PUBLIC")
        for role in permissions.ROLES:
            group = _quoted(f"{ctx['prefix']}_{role}")
            cur.execute(f"GRANT EXECUTE ON FUNCTION painclinic.{signature} TO {group}")


_PUSH_SET_BASED = r"""
-- push_v2 with its answers made set-based: the entries that create a record the hub has
-- never had are applied in one statement each table (apply_new_records, as before) and
-- answered in one statement; only the others (edits, deletes, clashes, refusals, replays)
-- go one by one through apply_entry, exactly as in push_v1. Answers come in entry order.
-- The audit rows are kept in one statement. (push_v1 tested each entry against the list of
-- those applied, a cost that grew with the square of the page.)
CREATE FUNCTION painclinic.push_v3(batch jsonb) RETURNS jsonb LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    who text := session_user::text;
    role text := painclinic.begin_call();
    known integer;
    understood boolean;
    taken_before bigint;
    fresh bigint[] := '{}';
    entry jsonb;
    n bigint;
    answer jsonb;
    others jsonb[] := '{}';
    other_numbers bigint[] := '{}';
    answers jsonb;
BEGIN
    IF role IS NULL OR role = 'owner' THEN
        RAISE EXCEPTION 'this login is not a member of the service'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- One push at a time per service: change numbers commit in order, so a pull cursor
    -- never passes a change that commits later; every number taken here is this push's.
    PERFORM pg_advisory_xact_lock(hashtextextended('painclinic.push', 0));
    SELECT CASE WHEN is_called THEN last_value ELSE 0 END INTO taken_before
    FROM painclinic.change_seq;
    SELECT laptop_schema INTO known FROM painclinic.service;
    understood := coalesce((batch->>'protocol')::integer, 0) = 1
                  AND coalesce((batch->>'schema_version')::integer, 0) <= known;
    IF understood THEN
        fresh := painclinic.apply_new_records(batch, who, batch->>'device',
                                              painclinic.caller_is_clinical(), role);
    END IF;
    FOR entry, n IN SELECT e.value, e.n
                    FROM jsonb_array_elements(coalesce(batch->'entries', '[]'))
                         WITH ORDINALITY AS e(value, n)
                    WHERE NOT understood OR e.n NOT IN (SELECT unnest(fresh))
                    ORDER BY e.n LOOP
        IF NOT understood THEN
            -- A laptop newer than the hub: held, never applied and never dropped.
            answer := painclinic.hold(entry, batch, who, 'quarantined',
                format('the hub understands laptop schema up to %s, not %s: upgrade the hub',
                       known, batch->>'schema_version'));
        ELSE
            BEGIN
                answer := painclinic.apply_entry(entry, batch->>'device', who);
            EXCEPTION WHEN OTHERS THEN
                answer := painclinic.hold(entry, batch, who, 'rejected', SQLERRM);
            END;
        END IF;
        others := others || answer;
        other_numbers := other_numbers || n;
    END LOOP;
    SELECT coalesce(jsonb_agg(a ORDER BY k), '[]') INTO answers FROM (
        SELECT e.n AS k, jsonb_build_object('mutation_id', e.value->>'mutation_id',
                   'status', 'accepted', 'replayed', false, 'version', 1,
                   'conflicts', '[]'::jsonb) AS a
        FROM jsonb_array_elements(coalesce(batch->'entries', '[]'))
             WITH ORDINALITY AS e(value, n)
        WHERE e.n IN (SELECT unnest(fresh))
        UNION ALL
        SELECT o.k, o.a FROM unnest(other_numbers, others) AS o(k, a)) everything;
    INSERT INTO painclinic.audit_rows (device, seq, login, row)
    SELECT batch->>'device', (a.value->>'seq')::bigint, who, a.value
    FROM jsonb_array_elements(coalesce(batch->'audit', '[]')) a
    ON CONFLICT (device, seq) DO NOTHING;
    UPDATE painclinic.service SET last_change = greatest(last_change,
        (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM painclinic.change_seq));
    -- A caseload's first push grows the tables many times over: refresh the planner's
    -- figures when a push added a tenth or more, so lookups stay on the indexes.
    IF cardinality(fresh) * 10 > (SELECT greatest(reltuples, 0) FROM pg_class
                                  WHERE oid = 'painclinic.records'::regclass) THEN
        ANALYZE painclinic.records;
        ANALYZE painclinic.mutations;
        ANALYZE painclinic.versions;
        ANALYZE painclinic.clinical_fields;
    END IF;
    RETURN jsonb_build_object('hub_time', clock_timestamp(), 'answers', answers,
        'own_changes', jsonb_build_array(taken_before + 1,
            (SELECT CASE WHEN is_called THEN last_value ELSE 0 END
             FROM painclinic.change_seq)));
END $$;
CREATE OR REPLACE FUNCTION painclinic.whoami_v1() RETURNS jsonb LANGUAGE sql STABLE
SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT jsonb_build_object('login', session_user::text, 'role', painclinic.caller_role(),
        'service', current_database(), 'hub_time', clock_timestamp(),
        'laptop_schema', (SELECT laptop_schema FROM painclinic.service),
        'last_change', (SELECT last_change FROM painclinic.service),
        'features', jsonb_build_array('own_changes', 'push_v3'))
$$;
"""


def _set_based_push(cur: Any, ctx: dict[str, Any]) -> None:
    cur.execute(_PUSH_SET_BASED)
    cur.execute("REVOKE ALL ON FUNCTION painclinic.push_v3(jsonb) FROM PUBLIC")
    for role in permissions.ROLES:
        group = _quoted(f"{ctx['prefix']}_{role}")
        cur.execute(f"GRANT EXECUTE ON FUNCTION painclinic.push_v3(jsonb) TO {group}")


Migration = tuple[str, Callable[[Any, dict[str, Any]], None]]
MIGRATIONS: tuple[Migration, ...] = (
    ("0001_records_people_push_pull", _first),
    ("0002_training_costing_lists", _lists_grown),
    ("0003_progress_and_held_list", _desk),
    ("0004_pull_says_who_changed", _editor),
    ("0005_medication_lists", _medication_lists),
    ("0006_programme_lists", _programme_lists),
    ("0007_follow_up_strategies_clinical", _clinical_columns_grown),
    ("0008_pull_leaves_out_own_new_records", _own_changes),
    ("0009_push_answers_set_based", _set_based_push),
)
