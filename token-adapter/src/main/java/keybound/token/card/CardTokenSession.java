package keybound.token.card;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import keybound.applet.Protocol;
import keybound.token.AttestationStatement;
import keybound.token.Credential;
import keybound.token.CredentialQuery;
import keybound.token.KeyAlgorithm;
import keybound.token.KeyRef;
import keybound.token.MechanismUnsupportedException;
import keybound.token.SignatureAlgorithm;
import keybound.token.TokenDeviceException;
import keybound.token.TokenFullException;
import keybound.token.TokenInfo;
import keybound.token.TokenSession;

/** A lease on a {@link CardToken}; key ids are slot numbers. */
final class CardTokenSession implements TokenSession {

    private final CardToken token;
    private final AppletCommands commands;
    private final CardLeases.Lease lease;

    CardTokenSession(CardToken token, CardLeases.Lease lease) {
        this.token = token;
        this.commands = token.commands();
        this.lease = lease;
    }

    @Override
    public TokenInfo token() {
        return token.info();
    }

    @Override
    public KeyRef generateKeyPair(KeyAlgorithm algorithm, String label) {
        lease.ensureOpen();
        if (label.getBytes(StandardCharsets.UTF_8).length > Protocol.MAX_LABEL) {
            throw new IllegalArgumentException("A card key label is at most " + Protocol.MAX_LABEL + " bytes");
        }
        synchronized (commands) {
            int slot = commands.listSlots().stream().filter(SlotEntry::empty).mapToInt(SlotEntry::slot).findFirst()
                    .orElseThrow(() -> new TokenFullException("All " + Protocol.SLOT_COUNT + " key slots of card "
                            + token.name() + " are in use"));
            commands.generate(slot, CardKeys.keyType(algorithm), label);
            return new KeyRef(CardKeys.slotId(slot), label, algorithm);
        }
    }

    @Override
    public byte[] sign(KeyRef key, SignatureAlgorithm algorithm, byte[] data) {
        lease.ensureOpen();
        if (key.algorithm().defaultSignature() != algorithm) {
            throw new MechanismUnsupportedException("A " + key.algorithm() + " card key cannot sign " + algorithm.jcaName());
        }
        return commands.sign(CardKeys.slot(key), CardKeys.signAlgorithm(algorithm), data);
    }

    @Override
    public PublicKey publicKey(KeyRef key) {
        lease.ensureOpen();
        return CardKeys.decodeTyped(commands.publicKey(CardKeys.slot(key)));
    }

    @Override
    public void storeCertificate(KeyRef key, X509Certificate certificate) {
        lease.ensureOpen();
        if (!Arrays.equals(publicKey(key).getEncoded(), certificate.getPublicKey().getEncoded())) {
            throw new IllegalArgumentException("the certificate is not for key " + key.id());
        }
        try {
            commands.putCertificate(CardKeys.slot(key), certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
    }

    @Override
    public List<Credential> credentials() {
        lease.ensureOpen();
        var credentials = new ArrayList<Credential>();
        for (SlotEntry entry : commands.listSlots()) {
            if (entry.empty()) {
                continue;
            }
            Optional<X509Certificate> certificate = entry.hasCertificate()
                    ? Optional.of(parse(commands.certificate(entry.slot()))) : Optional.empty();
            credentials.add(new Credential(entry.keyRef(),
                    CardKeys.decodeTyped(commands.publicKey(entry.slot())), certificate));
        }
        return credentials;
    }

    @Override
    public Optional<Credential> find(CredentialQuery query) {
        return credentials().stream().filter(query::matches).findFirst();
    }

    @Override
    public void delete(KeyRef key) {
        lease.ensureOpen();
        commands.delete(CardKeys.slot(key));
    }

    @Override
    public Optional<AttestationStatement> attest(KeyRef key, byte[] nonce) {
        lease.ensureOpen();
        if (nonce.length < Protocol.NONCE_MIN || nonce.length > Protocol.NONCE_MAX) {
            throw new IllegalArgumentException("An attestation nonce is " + Protocol.NONCE_MIN + " to "
                    + Protocol.NONCE_MAX + " bytes");
        }
        byte[] body = commands.attest(CardKeys.slot(key), nonce);
        int dataLength = body.length < 2 ? -1 : ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
        if (dataLength < 0 || 2 + dataLength >= body.length) {
            throw new TokenDeviceException("MALFORMED_ATTESTATION", "The card's attestation statement is malformed", null);
        }
        X509Certificate certificate = parse(commands.attestationCertificate());
        return Optional.of(new AttestationStatement(Arrays.copyOfRange(body, 2, 2 + dataLength),
                Arrays.copyOfRange(body, 2 + dataLength, body.length), List.of(certificate)));
    }

    private static X509Certificate parse(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new TokenDeviceException("MALFORMED_CERTIFICATE", "A certificate stored on the card cannot be parsed", e);
        }
    }

    @Override
    public void close() {
        lease.close();
    }
}
