package keybound.bankapi.client;

import java.time.Instant;
import java.util.Optional;
import keybound.bankapi.BankApi;
import keybound.token.Secret;

/**
 * The bank operators' back office over the API: register a bank, open a contract (its initial
 * secrets and customer card come back once), unlock, close, revoke, publish a CRL. Every request
 * carries the operator key as {@code Authorization: Operator <key>}; the server keeps only a slow
 * hash of it. Close the client to wipe the key.
 */
public final class BackOfficeClient implements AutoCloseable {

    private final ApiTransport transport;
    private final Secret operatorKey;

    BackOfficeClient(ApiTransport transport, Secret operatorKey) {
        this.transport = transport;
        this.operatorKey = operatorKey.copy();
    }

    public void registerBank(String code, String name, String attestationPolicy) {
        post("bank/banks", new BankApi.RegisterBank(code, name, attestationPolicy), null);
    }

    /** Opens a contract at {@code bankCode}, applied for at {@code applicationDate} (empty: now). */
    public BankApi.OpenedContract openContract(String bankCode, Optional<Instant> applicationDate) {
        return post("bank/contracts", new BankApi.OpenContract(bankCode, applicationDate.map(Instant::getEpochSecond).orElse(null)),
                BankApi.OpenedContract.class);
    }

    /** True if the contract was locked and is now unlocked, false if it was not locked; no such contract is a {@link BankApiException}. */
    public boolean unlockContract(String contractId) {
        return post("bank/contracts/unlock", new BankApi.ContractRef(contractId), BankApi.Changed.class).changed();
    }

    /** Like {@link #unlockContract}, for a user of the contract. */
    public boolean unlockUser(String contractId, String userId) {
        return post("bank/users/unlock", new BankApi.ContractUserRef(contractId, userId), BankApi.Changed.class).changed();
    }

    public boolean closeContract(String contractId) {
        return post("bank/contracts/close", new BankApi.ContractRef(contractId), BankApi.Changed.class).changed();
    }

    /** Revokes a certificate by serial (lower-case hex) for an RFC 5280 reason name. */
    public boolean revoke(String serial, String reason) {
        return post("bank/revoke", new BankApi.RevokeSerial(serial, reason), BankApi.Changed.class).changed();
    }

    /** Issues a fresh CRL now and returns its DER (also served at {@code GET /crl}). */
    public byte[] publishCrl() {
        return transport.binaryWithAuthorization("POST", "bank/crl", authorization(), "application/pkix-crl");
    }

    private <T> T post(String path, Object body, Class<T> answer) {
        return transport.json("POST", path, body, Optional.of(authorization()), answer);
    }

    private String authorization() {
        return operatorKey.withChars(key -> new StringBuilder("Operator ".length() + key.length).append("Operator ")
                .append(key).toString());
    }

    @Override
    public void close() {
        operatorKey.close();
    }
}
