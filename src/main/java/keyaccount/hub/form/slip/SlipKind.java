package keyaccount.hub.form.slip;

/** The two slips the front office raises; each is its own form type with its own numbers. */
public enum SlipKind {
    /** 业务联系单: a question or request to a back-office department */
    CONTACT("CONTACT_SLIP", "CS"),
    /** 资源确认单: does the network have (and reserve) the circuit resources? */
    RESOURCE("RESOURCE_SLIP", "RC"),
    /** the hub asks the network to free a leaving customer's circuit (ResourceRequest RELEASE) */
    RELEASE("RESOURCE_RELEASE", "RR");

    private final String formType;
    private final String prefix;

    SlipKind(String formType, String prefix) {
        this.formType = formType;
        this.prefix = prefix;
    }

    public String formType() {
        return formType;
    }

    public String prefix() {
        return prefix;
    }

    public static SlipKind ofFormType(String formType) {
        for (SlipKind k : values()) {
            if (k.formType.equals(formType)) {
                return k;
            }
        }
        return null;
    }
}
