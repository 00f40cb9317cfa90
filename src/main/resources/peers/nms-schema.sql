-- The network management database's circuit inventory as ICD §3 gives it. Created only in the
-- simulated NMS database and in tests.
CREATE TABLE IF NOT EXISTS RES_CIRCUIT (
    CIRCUIT_NO   VARCHAR(30) PRIMARY KEY,
    CUST_NO      VARCHAR(20),
    SERVICE_TYPE VARCHAR(8),
    RATE         VARCHAR(10),
    A_END        VARCHAR(200),
    Z_END        VARCHAR(200),
    STATUS       CHAR(1),
    OPEN_DATE    DATE,
    UPD_TIME     TIMESTAMP
);
