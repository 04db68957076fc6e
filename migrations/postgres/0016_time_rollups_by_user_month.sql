-- Whole months of time per project × person (issue 17): a project's time per person over its
-- whole history (the dashboard's breakdown) and a person's totals read a row per project, person
-- and month instead of one per task and day (85 000 rows for a project of five years at 5 M
-- entries). No task: a total of one person and one task reads the daily rows. The rollups'
-- trigger function gains a fourth upsert, after the other three (every writer takes the tables'
-- keys in the same order); filled from the daily rollups.
-- time_entries_started (0013) repeated time_entries_account_start (0002): one index less to
-- write per entry.
CREATE TABLE time_rollups_by_user_month (
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    project_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    month TEXT NOT NULL,
    minutes BIGINT NOT NULL DEFAULT 0,
    billable_minutes BIGINT NOT NULL DEFAULT 0,
    billed_minutes BIGINT NOT NULL DEFAULT 0,
    amount BIGINT NOT NULL DEFAULT 0,
    entries BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (account_id, project_id, user_id, month)
);

CREATE INDEX time_rollups_by_user_month_person ON time_rollups_by_user_month (account_id, user_id, month);

INSERT INTO time_rollups_by_user_month (account_id, project_id, user_id, month, minutes, billable_minutes, billed_minutes, amount, entries)
SELECT account_id, project_id, user_id, SUBSTR(day, 1, 7), SUM(minutes)::BIGINT, SUM(billable_minutes)::BIGINT,
       SUM(billed_minutes)::BIGINT, SUM(amount)::BIGINT, SUM(entries)::BIGINT
  FROM time_rollups_by_user GROUP BY account_id, project_id, user_id, SUBSTR(day, 1, 7);

DROP INDEX time_entries_started;

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
    INSERT INTO time_rollups_by_user_month (account_id, project_id, user_id, month, minutes, billable_minutes,
                                            billed_minutes, amount, entries)
    SELECT a, p, u, SUBSTR(d, 1, 7), SUM(m)::BIGINT, SUM(b)::BIGINT, SUM(bb)::BIGINT, SUM(am)::BIGINT, SUM(n)::BIGINT
      FROM unnest(xa, xp, xu, xt, xd, xm, xb, xbb, xam, xn) AS x(a, p, u, t, d, m, b, bb, am, n)
     GROUP BY a, p, u, SUBSTR(d, 1, 7)
    HAVING SUM(m) <> 0 OR SUM(b) <> 0 OR SUM(bb) <> 0 OR SUM(am) <> 0 OR SUM(n) <> 0
     ORDER BY a, p, u, SUBSTR(d, 1, 7)
    ON CONFLICT (account_id, project_id, user_id, month) DO UPDATE SET
        minutes = time_rollups_by_user_month.minutes + excluded.minutes,
        billable_minutes = time_rollups_by_user_month.billable_minutes + excluded.billable_minutes,
        billed_minutes = time_rollups_by_user_month.billed_minutes + excluded.billed_minutes,
        amount = time_rollups_by_user_month.amount + excluded.amount,
        entries = time_rollups_by_user_month.entries + excluded.entries;
END $$;
