package keybound.cli.station;

import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import keybound.cli.CliException;
import keybound.cli.ExitCode;
import keybound.cli.Secrets;
import keybound.cli.token.ChosenToken;
import keybound.cli.token.TokenOptions;
import keybound.bankapi.client.BankClient;
import keybound.bankapi.client.BankSettings;
import keybound.token.Credential;
import keybound.token.TokenSession;
import keybound.token.jca.TokenKeyManager;
import keybound.token.jca.TokenProvider;

/**
 * The first half of a certificate logon at the station: open the token (its PIN grants the key,
 * the manual's "grant access"), choose the certificate, and connect to the bank presenting it.
 */
final class CertificateLogon implements AutoCloseable {

    private final ChosenToken device;
    private final TokenSession session;
    private final Credential chosen;
    private final BankClient client;
    private final URI bank;

    private CertificateLogon(ChosenToken device, TokenSession session, Credential chosen, BankClient client, URI bank) {
        this.device = device;
        this.session = session;
        this.chosen = chosen;
        this.client = client;
        this.bank = bank;
    }

    /**
     * @param keyLabel the certificate's key label, or null: the only one, or the one {@code sha256} names
     * @param sha256   the certificate a saved session is bound to, or null
     */
    static CertificateLogon open(TokenOptions tokenOptions, BankOptions bankOptions, String keyLabel, String sha256,
                                 Secrets secrets) {
        Map<String, String> env = secrets.environment();
        var address = bankOptions.address(env);
        var chain = bankOptions.caChain(env);
        StationProfile.defaultToken(tokenOptions, env);
        ChosenToken device = tokenOptions.open();
        TokenSession session = null;
        try {
            session = device.logIn(secrets, "token-pin");
            Credential chosen = choose(session.credentials().stream().filter(c -> c.certificate().isPresent()).toList(),
                    keyLabel, sha256);
            TokenProvider.install();
            var keys = new ChosenKeyManager(new TokenKeyManager(session, chain), chosen.key().label());
            return new CertificateLogon(device, session, chosen, BankClient.connect(new BankSettings(address, chain), Optional.of(keys)), address);
        } catch (RuntimeException e) {
            if (session != null) {
                session.close();
            }
            device.close();
            throw e;
        }
    }

    /**
     * The certificate to use among the token's: the one {@code sha256} names (a saved session's),
     * else the one under {@code keyLabel}, else the only one; several are named in the error.
     */
    static Credential choose(List<Credential> withCertificates, String keyLabel, String sha256) {
        if (withCertificates.isEmpty()) {
            throw new CliException(ExitCode.TOKEN_ABSENT, "This token holds no certificate. Acquire one first, or choose another token.");
        }
        if (sha256 != null) {
            return withCertificates.stream().filter(c -> sha256.equals(fingerprint(c.certificate().orElseThrow()))).findFirst()
                    .orElseThrow(() -> new CliException(ExitCode.TOKEN_ABSENT,
                            "The certificate of the saved session is not on this token. Use the token you logged on with."));
        }
        if (keyLabel != null) {
            return withCertificates.stream().filter(c -> keyLabel.equals(c.key().label())).findFirst()
                    .orElseThrow(() -> new CliException(ExitCode.USAGE, "No certificate with key label " + keyLabel
                            + " on this token (see: keybound token info --credentials)."));
        }
        if (withCertificates.size() == 1) {
            return withCertificates.get(0);
        }
        String listed = withCertificates.stream()
                .map(c -> c.key().label() + " (" + c.certificate().orElseThrow().getSubjectX500Principal().getName() + ")")
                .collect(Collectors.joining(", "));
        throw new CliException(ExitCode.USAGE, "This token holds several certificates: " + listed + ". Choose one with --key LABEL.");
    }

    static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    BankClient client() {
        return client;
    }

    X509Certificate certificate() {
        return chosen.certificate().orElseThrow();
    }

    URI bank() {
        return bank;
    }

    @Override
    public void close() {
        try {
            session.close();
        } finally {
            device.close();
        }
    }
}
