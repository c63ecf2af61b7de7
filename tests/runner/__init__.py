"""
The suites of tests/run_tests.py, one module a concern: ktap (reading
KTAP), common (running programs and boots, the Suite), kernel (kernel and
crashtest), user (usertests on aspace and on Linux), gdb and gdb_checks
(the gdb session and what it must show).
"""
