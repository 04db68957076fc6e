-- How many time entries each person has, live and deleted, so an account's or a person's
-- unfiltered list knows its exact total without counting a million index entries per request.
-- Kept by triggers, so every write path (services, `stempel demo`, restores) keeps it exact.
-- Derived data: backups leave it out and a restore rebuilds it through these triggers.
-- Statement-level triggers with transition tables: a bulk insert adds one row per person, not
-- one update per entry (repeated updates of one row in one transaction grow its version chain).
CREATE TABLE time_entry_counts (
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    live BIGINT NOT NULL DEFAULT 0,
    deleted BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (account_id, user_id)
);

INSERT INTO time_entry_counts (account_id, user_id, live, deleted)
SELECT account_id, user_id,
       COUNT(*) FILTER (WHERE deleted_at IS NULL),
       COUNT(*) FILTER (WHERE deleted_at IS NOT NULL)
  FROM time_entries GROUP BY account_id, user_id;

-- Adds the per-person differences (`live`, `deleted`) of one statement. A person without a row
-- gets one only for an increase (a decrease without a row means the counts were emptied on
-- purpose, as a restore does before it reloads).
CREATE FUNCTION time_entry_counts_apply(diff_account BIGINT[], diff_user BIGINT[],
                                        diff_live BIGINT[], diff_deleted BIGINT[])
RETURNS void LANGUAGE sql AS $$
    UPDATE time_entry_counts c SET live = c.live + x.l, deleted = c.deleted + x.d
      FROM unnest(diff_account, diff_user, diff_live, diff_deleted) AS x(a, u, l, d)
     WHERE c.account_id = x.a AND c.user_id = x.u AND (x.l <> 0 OR x.d <> 0);
    INSERT INTO time_entry_counts (account_id, user_id, live, deleted)
    SELECT a, u, l, d FROM unnest(diff_account, diff_user, diff_live, diff_deleted) AS x(a, u, l, d)
     WHERE l >= 0 AND d >= 0 AND (l > 0 OR d > 0)
       AND NOT EXISTS (SELECT 1 FROM time_entry_counts c WHERE c.account_id = x.a AND c.user_id = x.u)
    ON CONFLICT (account_id, user_id) DO UPDATE SET
        live = time_entry_counts.live + excluded.live,
        deleted = time_entry_counts.deleted + excluded.deleted;
$$;

CREATE FUNCTION time_entry_counts_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM time_entry_counts_apply(array_agg(a), array_agg(u), array_agg(l), array_agg(d))
      FROM (SELECT account_id AS a, user_id AS u,
                   COUNT(*) FILTER (WHERE deleted_at IS NULL) AS l,
                   COUNT(*) FILTER (WHERE deleted_at IS NOT NULL) AS d
              FROM new_rows GROUP BY account_id, user_id) g;
    RETURN NULL;
END $$;

CREATE FUNCTION time_entry_counts_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM time_entry_counts_apply(array_agg(a), array_agg(u), array_agg(l), array_agg(d))
      FROM (SELECT account_id AS a, user_id AS u,
                   -COUNT(*) FILTER (WHERE deleted_at IS NULL) AS l,
                   -COUNT(*) FILTER (WHERE deleted_at IS NOT NULL) AS d
              FROM old_rows GROUP BY account_id, user_id) g;
    RETURN NULL;
END $$;

CREATE FUNCTION time_entry_counts_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM time_entry_counts_apply(array_agg(a), array_agg(u), array_agg(l), array_agg(d))
      FROM (SELECT account_id AS a, user_id AS u, SUM(l)::BIGINT AS l, SUM(d)::BIGINT AS d
              FROM (SELECT account_id, user_id,
                           CASE WHEN deleted_at IS NULL THEN 1 ELSE 0 END AS l,
                           CASE WHEN deleted_at IS NULL THEN 0 ELSE 1 END AS d FROM new_rows
                    UNION ALL
                    SELECT account_id, user_id,
                           CASE WHEN deleted_at IS NULL THEN -1 ELSE 0 END,
                           CASE WHEN deleted_at IS NULL THEN 0 ELSE -1 END FROM old_rows) x
             GROUP BY account_id, user_id) g;
    RETURN NULL;
END $$;

CREATE TRIGGER time_entry_counts_insert AFTER INSERT ON time_entries
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION time_entry_counts_on_insert();
CREATE TRIGGER time_entry_counts_delete AFTER DELETE ON time_entries
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION time_entry_counts_on_delete();
CREATE TRIGGER time_entry_counts_update AFTER UPDATE ON time_entries
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION time_entry_counts_on_update();
