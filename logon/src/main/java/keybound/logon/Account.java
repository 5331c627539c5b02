package keybound.logon;

import java.util.Objects;

/**
 * Who a logon is for: a contract's administrator (the contract holder, manual I-3) or one of the
 * users the administrator registered (manual II-2). Identified by the contract ID (A) and, for a
 * user, the user ID (ニ). Neither is a secret.
 */
public sealed interface Account {

    /** The contract ID (A). */
    String contractId();

    /** The contract holder. */
    record Administrator(String contractId) implements Account {
        public Administrator {
            Objects.requireNonNull(contractId, "contractId");
        }
    }

    /** A user registered under a contract. */
    record User(String contractId, String userId) implements Account {
        public User {
            Objects.requireNonNull(contractId, "contractId");
            Objects.requireNonNull(userId, "userId");
        }
    }
}
