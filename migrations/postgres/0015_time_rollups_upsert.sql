-- The rollups' trigger function adds each key's difference with one INSERT … ON CONFLICT DO
-- UPDATE per table. It updated existing rows first and then inserted the keys that did not
-- exist: when another writer inserted such a key and committed between the two statements, the
-- insert saw the row, skipped, and this writer's difference was lost (the rollups drill found one
-- difference in 2 000 concurrent writes on two processes). Keys go in key order, so two writers
-- lock shared keys in the same order. A restore empties the rollups after deleting the entries,
-- so a decrease never lands on a missing row.
CREATE OR REPLACE FUNCTION time_rollups_apply(xa BIGINT[], xp BIGINT[], xu BIGINT[], xt BIGINT[], xd TEXT[],
                                              xm BIGINT[], xb BIGINT[], xbb BIGINT[], xam BIGINT[], xn BIGINT[])
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO time_rollups_by_user (account_id, project_id, user_id, task_id, day, minutes, billable_minutes,
                                      billed_minutes, amount, entries)
    SELECT a, p, u, t, d, m, b, bb, am, n
      FROM unnest(xa, xp, xu, xt, xd, xm, xb, xbb, xam, xn) AS x(a, p, u, t, d, m, b, bb, am, n)
     ORDER BY a, p, u, t, d
    ON CONFLICT (account_id, project_id, user_id, task_id, day) DO UPDATE SET
        minutes = time_rollups_by_user.minutes + excluded.minutes,
        billable_minutes = time_rollups_by_user.billable_minutes + excluded.billable_minutes,
        billed_minutes = time_rollups_by_user.billed_minutes + excluded.billed_minutes,
        amount = time_rollups_by_user.amount + excluded.amount,
        entries = time_rollups_by_user.entries + excluded.entries;
    INSERT INTO time_rollups (account_id, project_id, task_id, day, minutes, billable_minutes, billed_minutes,
                              amount, entries)
    SELECT a, p, t, d, SUM(m)::BIGINT, SUM(b)::BIGINT, SUM(bb)::BIGINT, SUM(am)::BIGINT, SUM(n)::BIGINT
      FROM unnest(xa, xp, xu, xt, xd, xm, xb, xbb, xam, xn) AS x(a, p, u, t, d, m, b, bb, am, n)
     GROUP BY a, p, t, d
    HAVING SUM(m) <> 0 OR SUM(b) <> 0 OR SUM(bb) <> 0 OR SUM(am) <> 0 OR SUM(n) <> 0
     ORDER BY a, p, t, d
    ON CONFLICT (account_id, project_id, task_id, day) DO UPDATE SET
        minutes = time_rollups.minutes + excluded.minutes,
        billable_minutes = time_rollups.billable_minutes + excluded.billable_minutes,
        billed_minutes = time_rollups.billed_minutes + excluded.billed_minutes,
        amount = time_rollups.amount + excluded.amount,
        entries = time_rollups.entries + excluded.entries;
    INSERT INTO time_rollups_by_month (account_id, project_id, task_id, month, minutes, billable_minutes,
                                       billed_minutes, amount, entries)
    SELECT a, p, t, SUBSTR(d, 1, 7), SUM(m)::BIGINT, SUM(b)::BIGINT, SUM(bb)::BIGINT, SUM(am)::BIGINT, SUM(n)::BIGINT
      FROM unnest(xa, xp, xu, xt, xd, xm, xb, xbb, xam, xn) AS x(a, p, u, t, d, m, b, bb, am, n)
     GROUP BY a, p, t, SUBSTR(d, 1, 7)
    HAVING SUM(m) <> 0 OR SUM(b) <> 0 OR SUM(bb) <> 0 OR SUM(am) <> 0 OR SUM(n) <> 0
     ORDER BY a, p, t, SUBSTR(d, 1, 7)
    ON CONFLICT (account_id, project_id, task_id, month) DO UPDATE SET
        minutes = time_rollups_by_month.minutes + excluded.minutes,
        billable_minutes = time_rollups_by_month.billable_minutes + excluded.billable_minutes,
        billed_minutes = time_rollups_by_month.billed_minutes + excluded.billed_minutes,
        amount = time_rollups_by_month.amount + excluded.amount,
        entries = time_rollups_by_month.entries + excluded.entries;
END $$;
