package keybound.cli.station;

import java.util.Optional;
import keybound.bankapi.client.BankClient;
import keybound.bankapi.client.BankSettings;
import keybound.bankapi.client.ChallengeSigner;
import keybound.token.KeyAlgorithm;
import keybound.token.KeyRef;
import keybound.token.SignatureAlgorithm;
import keybound.token.TokenSession;
import keybound.token.bc.CsrFactory;
import keybound.token.jca.TokenKeyManager;
import keybound.token.jca.TokenProvider;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * The customer's side of the manual at one token: make the key there, ask for a certificate,
 * and reach the bank with the token's key (mutual TLS or a signed challenge).
 */
public final class Station {

    /** The bank sets the real subject (CN = A + bank code); the request only proves the key. */
    private static final X500Name REQUESTED = new X500Name("CN=keybound station request");

    private Station() {
    }

    /** A new EC P-256 key pair generated on the token (sensitive, not extractable). */
    public static KeyRef newKey(TokenSession session, String label) {
        return session.generateKeyPair(KeyAlgorithm.EC_P256, label);
    }

    /** A PKCS#10 request signed on the token with {@code key}. */
    public static byte[] csr(TokenSession session, KeyRef key) {
        return CsrFactory.createDer(session, key, REQUESTED);
    }

    /** A client presenting the token's certificate in TLS; the handshake's signature is made on the token. */
    public static BankClient mutualTls(BankSettings bank, TokenSession session) {
        TokenProvider.install();
        return BankClient.connect(bank, Optional.of(new TokenKeyManager(session, bank.trustAnchors())));
    }

    /** Signs logon challenges with {@code key} on the token. */
    public static ChallengeSigner signer(TokenSession session, KeyRef key) {
        SignatureAlgorithm algorithm = key.algorithm() == KeyAlgorithm.RSA_2048
                ? SignatureAlgorithm.SHA256_WITH_RSA : SignatureAlgorithm.SHA256_WITH_ECDSA;
        return data -> session.sign(key, algorithm, data);
    }
}
