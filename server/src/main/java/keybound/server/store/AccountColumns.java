package keybound.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import keybound.logon.Account;
import keybound.logon.CertificateFingerprint;
import keybound.logon.session.SessionBinding;

/**
 * How a logon table stores whom a row is for and which certificate it is bound to: the columns
 * {@code account_kind, contract_id, user_id} and {@code certificate} (the fingerprint, null for none),
 * shared by sessions and pending logons.
 */
final class AccountColumns {

    private AccountColumns() {
    }

    /** Binds kind, contract id and user id to the parameters {@code first}..{@code first + 2}. */
    static void bindAccount(PreparedStatement st, int first, Account account) throws SQLException {
        st.setString(first, account instanceof Account.User ? "user" : "administrator");
        st.setString(first + 1, account.contractId());
        st.setString(first + 2, account instanceof Account.User user ? user.userId() : null);
    }

    /** Reads kind, contract id and user id from the columns {@code first}..{@code first + 2}. */
    static Account account(ResultSet r, int first) throws SQLException {
        return "user".equals(r.getString(first)) ? new Account.User(r.getString(first + 1), r.getString(first + 2))
                : new Account.Administrator(r.getString(first + 1));
    }

    static String certificate(SessionBinding binding) {
        return binding.certificate().map(CertificateFingerprint::sha256Hex).orElse(null);
    }

    static SessionBinding binding(String certificate) {
        return new SessionBinding(Optional.ofNullable(certificate).map(CertificateFingerprint::new));
    }
}
