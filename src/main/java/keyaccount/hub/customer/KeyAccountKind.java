package keyaccount.hub.customer;

/** The kinds of key account (domain.md "Who is a key account"), by their API names. */
public enum KeyAccountKind {
    /** party, government and military bodies (97 CUST_CLASS 10) */
    IMPORTANT,
    /** monthly spend at or above the local net's threshold (from consolidated revenue) */
    HIGH_VALUE,
    /** a group head office (CUST_CLASS 30) or a unit under one */
    GROUP,
    /** designated strategic (97 STRATEGIC = Y) */
    STRATEGIC,
    /** close to the high-value threshold: watched, not yet a key account */
    POTENTIAL
}
