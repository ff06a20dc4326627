-- One pass of the reminder scheduler (db/scheduler.c, migration 0018): case.due_soon and
-- case.overdue, once per deadline, by one instance at a time (an advisory lock; -1 when another
-- instance holds it).
-- $1 due-soon window in seconds, $2 most reminders of each pass
SELECT deadline_reminders_run(make_interval(secs => $1::double precision), $2::integer)
