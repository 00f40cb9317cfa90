-- The 97 system's tables as ICD §4 gives them. The hub never creates these in a real 97
-- database; the simulated 97 system and the tests do, in theirs.
CREATE TABLE IF NOT EXISTS KH_CUSTOMER (
    CUST_NO        VARCHAR(20) PRIMARY KEY,
    CUST_NAME      VARCHAR(200),
    CUST_CLASS     CHAR(2),
    INDUSTRY       CHAR(2),
    LOCAL_NET      CHAR(2),
    PARENT_CUST_NO VARCHAR(20),
    MANAGER_NO     VARCHAR(10),
    STRATEGIC      CHAR(1),
    STATUS         CHAR(1),
    OPEN_DATE      DATE,
    CLOSE_DATE     DATE,
    UPD_TIME       TIMESTAMP
);
CREATE TABLE IF NOT EXISTS YW_ORDER (
    ORDER_NO     VARCHAR(20) PRIMARY KEY,
    CUST_NO      VARCHAR(20),
    SERVICE_TYPE VARCHAR(8),
    ORDER_TYPE   VARCHAR(10),
    SLA_LEVEL    CHAR(1),
    A_NET        CHAR(2),
    A_ADDR       VARCHAR(200),
    Z_NET        CHAR(2),
    Z_ADDR       VARCHAR(200),
    RATE         VARCHAR(10),
    QTY          INT,
    ACCEPT_TIME  TIMESTAMP,
    STATUS       CHAR(1),
    DONE_TIME    TIMESTAMP,
    UPD_TIME     TIMESTAMP
);
