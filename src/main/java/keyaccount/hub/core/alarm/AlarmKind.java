package keyaccount.hub.core.alarm;

/** ICD §7 alarm kinds, with the level each is published at. */
public enum AlarmKind {
    DEADLINE_WARNING("WARNING"),
    DEADLINE_BREACH("MAJOR"),
    ESCALATION("CRITICAL"),
    CHURN("MAJOR"),
    FILE_REJECTED("MAJOR"),
    DLQ("MINOR");

    private final String level;

    AlarmKind(String level) {
        this.level = level;
    }

    public String level() {
        return level;
    }
}
