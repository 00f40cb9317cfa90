-- Business contact slips (业务联系单) and resource confirmation slips (资源确认单): the front
-- office's requests to the back office, answered back to the requester.
CREATE TABLE slip (
    slip_no          VARCHAR(30)   PRIMARY KEY REFERENCES hub_form (form_no),
    kind             VARCHAR(10)   NOT NULL,          -- CONTACT | RESOURCE
    cust_no          VARCHAR(20)   NOT NULL,
    requested_by     VARCHAR(60)   NOT NULL,
    request_key      VARCHAR(100),                    -- the caller's Idempotency-Key, if any
    request          VARCHAR(8000) NOT NULL,          -- the request as accepted (JSON)
    to_dept          VARCHAR(20),                     -- CONTACT: NETWORK | BILLING | FINANCE | CALL_CENTER | PLANNING
    result           VARCHAR(30),                     -- RESOURCE: AVAILABLE | RESERVED | NEEDS_CONSTRUCTION | UNAVAILABLE
    answer           VARCHAR(4000),
    answered_by      VARCHAR(60),
    answered_at      TIMESTAMP WITH TIME ZONE,
    promised_date    DATE,
    resources        VARCHAR(8000)                    -- RESOURCE: reserved resources (JSON array)
);
CREATE UNIQUE INDEX slip_request_key_idx ON slip (requested_by, request_key);
CREATE INDEX slip_cust_idx ON slip (cust_no);
