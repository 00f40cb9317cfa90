-- Singleton work moves to Camel's cluster service and the JDBC lock registry of Spring Integration
-- (its table, in the shape spring-integration-jdbc 6.5 expects: schema-postgresql.sql in its jar).
-- The nightly schedule moves to Quartz's clustered JDBC job store (V10, Quartz's own tables).
CREATE TABLE int_lock (
    lock_key     CHAR(36)     NOT NULL,
    region       VARCHAR(100) NOT NULL,
    client_id    CHAR(36),
    created_date TIMESTAMP    NOT NULL,
    CONSTRAINT int_lock_pk PRIMARY KEY (lock_key, region)
);

-- the hub's own leases are gone
DROP TABLE hub_lease;
