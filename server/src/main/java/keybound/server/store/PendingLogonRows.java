package keybound.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import keybound.logon.AttemptId;
import keybound.logon.PendingLogon;
import keybound.logon.SecondStepPrompt;
import keybound.logon.otp.CardCell;
import keybound.logon.otp.CardChallenge;
import keybound.logon.session.LogonMethod;

/**
 * Pending logons in {@code logon_attempt}: whom the logon is for, how the first proof was made,
 * the certificate it is bound to and what the second step asks. An administrator's prompt keeps
 * its customer-card cells as labels in asking order ("B2 F7") with their own expiry; a user's
 * prompt (ト) has none. The attempt id is stored only hashed.
 */
final class PendingLogonRows implements OneTimeRows<AttemptId, PendingLogon> {

    @Override
    public String table() {
        return "logon_attempt";
    }

    @Override
    public String keyColumn() {
        return "attempt_sha256";
    }

    @Override
    public String token(AttemptId key) {
        return key.value();
    }

    @Override
    public List<String> columns() {
        return List.of("account_kind", "contract_id", "user_id", "method", "certificate", "card_cells", "card_expires_at",
                "totp_accepted");
    }

    @Override
    public void bind(PreparedStatement st, int first, PendingLogon value) throws SQLException {
        AccountColumns.bindAccount(st, first, value.account());
        st.setString(first + 3, value.method().name());
        st.setString(first + 4, AccountColumns.certificate(value.binding()));
        if (value.prompt() instanceof SecondStepPrompt.ContractPinAndOneTimePassword prompt) {
            st.setString(first + 5, String.join(" ", prompt.card().labels()));
            st.setLong(first + 6, prompt.card().expiresAt().toEpochMilli());
            st.setBoolean(first + 7, prompt.totpAccepted());
        } else {
            st.setNull(first + 5, Types.VARCHAR);
            st.setNull(first + 6, Types.BIGINT);
            st.setBoolean(first + 7, false);
        }
    }

    @Override
    public PendingLogon read(AttemptId key, ResultSet r) throws SQLException {
        String cells = r.getString(6);
        SecondStepPrompt prompt = cells == null ? new SecondStepPrompt.UserPin()
                : new SecondStepPrompt.ContractPinAndOneTimePassword(new CardChallenge(
                        Arrays.stream(cells.split(" ")).map(CardCell::parse).toList(), Instant.ofEpochMilli(r.getLong(7))),
                        r.getBoolean(8));
        return new PendingLogon(key, AccountColumns.account(r, 1), LogonMethod.valueOf(r.getString(4)),
                AccountColumns.binding(r.getString(5)), prompt, Instant.ofEpochMilli(r.getLong(9)));
    }
}
