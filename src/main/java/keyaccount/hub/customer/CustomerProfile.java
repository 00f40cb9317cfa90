package keyaccount.hub.customer;

import java.util.Set;

/** A customer with its key-account kinds and its service grade (A special emergency, B important, C ordinary). */
public record CustomerProfile(Customer customer, Set<KeyAccountKind> kinds, String grade, boolean keyAccount) {}
