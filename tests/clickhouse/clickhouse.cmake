# stats --events into a real ClickHouse (issue 13): throwaway clickhouse-server processes on loopback,
# loaded with clickhouse-client from share/smtpx/clickhouse.sql's table, checked against stats --merge,
# on one server and through a Distributed table over two. Included from tests/CMakeLists.txt.
#
# Label clickhouse; reports itself skipped where clickhouse-server/clickhouse-client are absent (the
# README's test command installs neither); CI's .ci/steps/45-clickhouse.sh installs them and runs
# `ctest -L clickhouse` with SMTPX_CLICKHOUSE_REQUIRED=1, which turns their absence into a failure.
add_test(NAME clickhouse.fleet COMMAND python3 ${CMAKE_CURRENT_LIST_DIR}/test_clickhouse.py $<TARGET_FILE:smtpx>
         ${PROJECT_SOURCE_DIR}/share/smtpx/clickhouse.sql)
set_tests_properties(clickhouse.fleet PROPERTIES LABELS clickhouse TIMEOUT 180 SKIP_RETURN_CODE 77)
