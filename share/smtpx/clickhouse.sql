-- A ClickHouse table for `smtpx stats --events`: one row per delivery attempt (direction 'outbound')
-- or inbound rejection ('inbound'). Works on ClickHouse 18.16 (Debian's) and later.
--
--   clickhouse-client --multiquery < /usr/share/smtpx/clickhouse.sql
--   smtpx stats --events /var/log/mail.log |
--     clickhouse-client --query "INSERT INTO smtpx_events FORMAT JSONEachRow"
--
-- `time` is kept as smtpx writes it (RFC 3339 with the log's offset): DateTime in 18.16 does not parse
-- an offset on input, so `ts`, the instant as a DateTime, is derived from it when rows are inserted.
-- `group` is a keyword: quote it (`group`) in queries.
CREATE TABLE IF NOT EXISTS smtpx_events
(
    time String,
    host String,
    mta String,
    queue_id String,
    recipient String,
    domain String,
    status String,
    relay String,
    code Nullable(UInt16),
    enhanced String,
    reason String,
    provider String,
    retryable UInt8,
    final UInt8,
    direction String,
    `group` String,
    text String,
    ts DateTime MATERIALIZED if(time = '', toDateTime(0), parseDateTimeBestEffort(time))
)
ENGINE = MergeTree()
PARTITION BY toYYYYMM(ts)
ORDER BY (host, ts);

-- A fleet spread over several servers: this table on each, and on the one that answers queries
--   CREATE TABLE smtpx_events_all AS smtpx_events
--     ENGINE = Distributed(CLUSTER, default, smtpx_events, rand());
-- with CLUSTER one of the config's <remote_servers>.
