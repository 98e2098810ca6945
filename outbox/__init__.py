"""A transactional outbox for Celery tasks.

Every task to run is a row (`OutboxMessage`) written in the transaction of the data it
concerns, so that committed work always has its task and rolled-back work never does. Right
after the commit the row is sent to the broker; if the broker does not answer, the relay
(`manage.py outbox_relay`, running beside the workers) sends it as soon as the broker is
back. A sent row stays until its task has run: the task claims it with a short lease when it
starts, renews the lease while it runs and deletes the row when it ends, and the relay sends
again a row whose lease ran out, so work held by a worker that died runs again within about
`OUTBOX_LEASE_SECONDS` instead of waiting for the broker's visibility timeout. A message that
arrives for a row already done, or held by a live run, is skipped; tasks are idempotent
besides.

Without a broker (tasks run in-process, SQLite embedded mode) no row is written: the task
runs right after the commit, as before. See services.outbox_enqueue."""
