-- Pre-aggregated time (issue 17): the minutes, billable and billed minutes, money (cent-minutes)
-- and count of live entries per project × task × day, and per person × project × task × day,
-- where the day is the entry's start as a date in the account's time zone (`account_day`,
-- written by the service; '' until known). Totals read whole days from these and raw entries
-- only for the edges of a range that cuts a day, and for entries whose day is still ''.
-- Kept by statement-level triggers in the writing transaction (one pass per statement, so a
-- bulk insert adds one row per key), so every write path keeps them exact; derived data, left
-- out of backups. task_id 0 stands for "no task".
ALTER TABLE time_entries ADD COLUMN account_day TEXT NOT NULL DEFAULT '';
CREATE INDEX time_entries_unrolled ON time_entries (account_id, started_at) WHERE account_day = '';
-- Raw edges of an account-wide range (a range that cuts a day in two). The covering totals
-- index is no longer read (its sums come from the rollups) and only slowed every write.
CREATE INDEX time_entries_started ON time_entries (account_id, started_at);
DROP INDEX time_entries_totals;

CREATE TABLE time_rollups (
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    project_id BIGINT NOT NULL,
    task_id BIGINT NOT NULL,
    day TEXT NOT NULL,
    minutes BIGINT NOT NULL DEFAULT 0,
    billable_minutes BIGINT NOT NULL DEFAULT 0,
    billed_minutes BIGINT NOT NULL DEFAULT 0,
    amount BIGINT NOT NULL DEFAULT 0,
    entries BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (account_id, project_id, task_id, day)
);

CREATE TABLE time_rollups_by_user (
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    project_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    task_id BIGINT NOT NULL,
    day TEXT NOT NULL,
    minutes BIGINT NOT NULL DEFAULT 0,
    billable_minutes BIGINT NOT NULL DEFAULT 0,
    billed_minutes BIGINT NOT NULL DEFAULT 0,
    amount BIGINT NOT NULL DEFAULT 0,
    entries BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (account_id, project_id, user_id, task_id, day)
);
CREATE INDEX time_rollups_by_user_person ON time_rollups_by_user (account_id, user_id, day);

-- Adds one statement's differences per key to both tables. A key without a row gets one only
-- for an increase (a decrease without a row means the rollups were emptied on purpose, as a
-- restore does before it reloads). Rows already there are updated first, so concurrent writers
-- of one key meet in the row lock or in ON CONFLICT, never both adding a row. PL/pgSQL, not SQL:
-- its statements' plans are kept for the session instead of planned at every write.
CREATE FUNCTION time_rollups_apply(xa BIGINT[], xp BIGINT[], xu BIGINT[], xt BIGINT[], xd TEXT[],
                                   xm BIGINT[], xb BIGINT[], xbb BIGINT[], xam BIGINT[], xn BIGINT[])
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    UPDATE time_rollups_by_user r SET minutes = r.minutes + x.m, billable_minutes = r.billable_minutes + x.b,
           billed_minutes = r.billed_minutes + x.bb, amount = r.amount + x.am, entries = r.entries + x.n
      FROM unnest(xa, xp, xu, xt, xd, xm, xb, xbb, xam, xn) AS x(a, p, u, t, d, m, b, bb, am, n)
     WHERE r.account_id = x.a AND r.project_id = x.p AND r.user_id = x.u AND r.task_id = x.t AND r.day = x.d;
    INSERT INTO time_rollups_by_user (account_id, project_id, user_id, task_id, day, minutes, billable_minutes,
                                      billed_minutes, amount, entries)
    SELECT a, p, u, t, d, m, b, bb, am, n
      FROM unnest(xa, xp, xu, xt, xd, xm, xb, xbb, xam, xn) AS x(a, p, u, t, d, m, b, bb, am, n)
     WHERE n > 0 AND NOT EXISTS (SELECT 1 FROM time_rollups_by_user r WHERE r.account_id = x.a
           AND r.project_id = x.p AND r.user_id = x.u AND r.task_id = x.t AND r.day = x.d)
    ON CONFLICT (account_id, project_id, user_id, task_id, day) DO UPDATE SET
        minutes = time_rollups_by_user.minutes + excluded.minutes,
        billable_minutes = time_rollups_by_user.billable_minutes + excluded.billable_minutes,
        billed_minutes = time_rollups_by_user.billed_minutes + excluded.billed_minutes,
        amount = time_rollups_by_user.amount + excluded.amount,
        entries = time_rollups_by_user.entries + excluded.entries;
    UPDATE time_rollups r SET minutes = r.minutes + x.m, billable_minutes = r.billable_minutes + x.b,
           billed_minutes = r.billed_minutes + x.bb, amount = r.amount + x.am, entries = r.entries + x.n
      FROM (SELECT a, p, t, d, SUM(m)::BIGINT AS m, SUM(b)::BIGINT AS b, SUM(bb)::BIGINT AS bb,
                   SUM(am)::BIGINT AS am, SUM(n)::BIGINT AS n
              FROM unnest(xa, xp, xu, xt, xd, xm, xb, xbb, xam, xn) AS y(a, p, u, t, d, m, b, bb, am, n)
             GROUP BY a, p, t, d) x
     WHERE r.account_id = x.a AND r.project_id = x.p AND r.task_id = x.t AND r.day = x.d;
    INSERT INTO time_rollups (account_id, project_id, task_id, day, minutes, billable_minutes, billed_minutes,
                              amount, entries)
    SELECT a, p, t, d, m, b, bb, am, n
      FROM (SELECT a, p, t, d, SUM(m)::BIGINT AS m, SUM(b)::BIGINT AS b, SUM(bb)::BIGINT AS bb,
                   SUM(am)::BIGINT AS am, SUM(n)::BIGINT AS n
              FROM unnest(xa, xp, xu, xt, xd, xm, xb, xbb, xam, xn) AS y(a, p, u, t, d, m, b, bb, am, n)
             GROUP BY a, p, t, d) x
     WHERE n > 0 AND NOT EXISTS (SELECT 1 FROM time_rollups r WHERE r.account_id = x.a
           AND r.project_id = x.p AND r.task_id = x.t AND r.day = x.d)
    ON CONFLICT (account_id, project_id, task_id, day) DO UPDATE SET
        minutes = time_rollups.minutes + excluded.minutes,
        billable_minutes = time_rollups.billable_minutes + excluded.billable_minutes,
        billed_minutes = time_rollups.billed_minutes + excluded.billed_minutes,
        amount = time_rollups.amount + excluded.amount,
        entries = time_rollups.entries + excluded.entries;
END $$;

-- One row's part of the sums, signed: s = 1 puts it in, -1 takes it out. Only live entries
-- with a known day count.
CREATE FUNCTION time_rollups_signed(s BIGINT, e time_entries) RETURNS TABLE (
    a BIGINT, p BIGINT, u BIGINT, t BIGINT, d TEXT, m BIGINT, b BIGINT, bb BIGINT, am BIGINT, n BIGINT)
LANGUAGE sql IMMUTABLE AS $$
    SELECT e.account_id, e.project_id, e.user_id, COALESCE(e.task_id, 0), e.account_day,
           s * e.worked_minutes,
           s * CASE WHEN e.billable = 1 THEN e.worked_minutes ELSE 0 END,
           s * CASE WHEN e.invoice_number IS NOT NULL AND e.invoice_number <> '' THEN e.worked_minutes ELSE 0 END,
           s * CASE WHEN e.billable = 1 THEN (CASE WHEN e.flat_rate = 1 THEN COALESCE(e.hour_rate_cents, 0) * 60
                    ELSE e.worked_minutes * COALESCE(e.hour_rate_cents, 0) END) ELSE 0 END,
           s
     WHERE e.deleted_at IS NULL AND e.account_day <> ''
$$;

CREATE FUNCTION time_rollups_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM time_rollups_apply(array_agg(a), array_agg(p), array_agg(u), array_agg(t), array_agg(d),
                               array_agg(m), array_agg(b), array_agg(bb), array_agg(am), array_agg(n))
      FROM (SELECT x.a, x.p, x.u, x.t, x.d, SUM(x.m)::BIGINT AS m, SUM(x.b)::BIGINT AS b,
                   SUM(x.bb)::BIGINT AS bb, SUM(x.am)::BIGINT AS am, SUM(x.n)::BIGINT AS n
              FROM new_rows r, time_rollups_signed(1, r) x
             GROUP BY x.a, x.p, x.u, x.t, x.d) g
     HAVING COUNT(*) > 0;
    RETURN NULL;
END $$;

CREATE FUNCTION time_rollups_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM time_rollups_apply(array_agg(a), array_agg(p), array_agg(u), array_agg(t), array_agg(d),
                               array_agg(m), array_agg(b), array_agg(bb), array_agg(am), array_agg(n))
      FROM (SELECT x.a, x.p, x.u, x.t, x.d, SUM(x.m)::BIGINT AS m, SUM(x.b)::BIGINT AS b,
                   SUM(x.bb)::BIGINT AS bb, SUM(x.am)::BIGINT AS am, SUM(x.n)::BIGINT AS n
              FROM old_rows r, time_rollups_signed(-1, r) x
             GROUP BY x.a, x.p, x.u, x.t, x.d) g
     HAVING COUNT(*) > 0;
    RETURN NULL;
END $$;

-- Keys whose sums do not change (an update of the details, say) are left alone.
CREATE FUNCTION time_rollups_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM time_rollups_apply(array_agg(a), array_agg(p), array_agg(u), array_agg(t), array_agg(d),
                               array_agg(m), array_agg(b), array_agg(bb), array_agg(am), array_agg(n))
      FROM (SELECT x.a, x.p, x.u, x.t, x.d, SUM(x.m)::BIGINT AS m, SUM(x.b)::BIGINT AS b,
                   SUM(x.bb)::BIGINT AS bb, SUM(x.am)::BIGINT AS am, SUM(x.n)::BIGINT AS n
              FROM (SELECT x.* FROM new_rows r, time_rollups_signed(1, r) x
                    UNION ALL
                    SELECT x.* FROM old_rows r, time_rollups_signed(-1, r) x) x
             GROUP BY x.a, x.p, x.u, x.t, x.d
            HAVING SUM(x.m) <> 0 OR SUM(x.b) <> 0 OR SUM(x.bb) <> 0 OR SUM(x.am) <> 0 OR SUM(x.n) <> 0) g
     HAVING COUNT(*) > 0;
    RETURN NULL;
END $$;

CREATE TRIGGER time_rollups_insert AFTER INSERT ON time_entries
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION time_rollups_on_insert();
CREATE TRIGGER time_rollups_delete AFTER DELETE ON time_entries
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION time_rollups_on_delete();
CREATE TRIGGER time_rollups_update AFTER UPDATE ON time_entries
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION time_rollups_on_update();
