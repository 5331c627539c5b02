package keybound.token.piv;

import com.yubico.yubikit.core.smartcard.ApduException;
import com.yubico.yubikit.piv.KeyType;
import com.yubico.yubikit.piv.ObjectId;
import com.yubico.yubikit.piv.PinPolicy;
import com.yubico.yubikit.piv.PivSession;
import com.yubico.yubikit.piv.Slot;
import com.yubico.yubikit.piv.SlotMetadata;
import com.yubico.yubikit.piv.TouchPolicy;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import keybound.token.AttestationStatement;
import keybound.token.Credential;
import keybound.token.CredentialQuery;
import keybound.token.KeyAlgorithm;
import keybound.token.KeyNotFoundException;
import keybound.token.KeyRef;
import keybound.token.MechanismUnsupportedException;
import keybound.token.SignatureAlgorithm;
import keybound.token.TokenDeviceException;
import keybound.token.TokenFullException;
import keybound.token.TokenInfo;
import keybound.token.TokenSession;
import keybound.token.card.CardLeases;

/** A lease on a {@link PivToken}; key ids are PIV slots in hex ({@code 9a}). */
final class PivTokenSession implements TokenSession {

    /** DER DigestInfo prefix for SHA-256 (RFC 8017, section 9.2, note 1). */
    private static final byte[] SHA256_DIGEST_INFO = {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, (byte) 0x86, 0x48, 0x01,
            0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};

    /** A slot's key as the card reports it. */
    private record SlotKey(KeyAlgorithm algorithm, PublicKey publicKey) {
    }

    private final PivToken token;
    private final CardLeases.Lease lease;

    PivTokenSession(PivToken token, CardLeases.Lease lease) {
        this.token = token;
        this.lease = lease;
    }

    @Override
    public TokenInfo token() {
        return token.info();
    }

    @Override
    public KeyRef generateKeyPair(KeyAlgorithm algorithm, String label) {
        lease.ensureOpen();
        synchronized (token) {
            Slot slot = PivSlots.ORDER.stream().filter(s -> key(s).isEmpty()).findFirst()
                    .orElseThrow(() -> new TokenFullException("All " + PivSlots.ORDER.size() + " PIV key slots of card "
                            + token.name() + " are in use"));
            token.call("generate a key in slot " + PivSlots.id(slot), s -> {
                token.authenticateManagement(s);
                return s.generateKey(slot, PivSlots.keyType(algorithm), PinPolicy.DEFAULT, TouchPolicy.DEFAULT);
            });
            token.labels().put(slot, label);
            return new KeyRef(PivSlots.id(slot), label, algorithm);
        }
    }

    @Override
    public byte[] sign(KeyRef key, SignatureAlgorithm algorithm, byte[] data) {
        lease.ensureOpen();
        if (key.algorithm().defaultSignature() != algorithm) {
            throw new MechanismUnsupportedException("A " + key.algorithm() + " PIV key cannot sign " + algorithm.jcaName());
        }
        Slot slot = PivSlots.slot(key);
        byte[] digest = sha256(data);
        if (key.algorithm() == KeyAlgorithm.EC_P256) {
            return token.call("sign with slot " + key.id(), s -> s.rawSignOrDecrypt(slot, KeyType.ECCP256, digest));
        }
        byte[] block = pkcs1Block(digest);
        return token.call("sign with slot " + key.id(), s -> s.rawSignOrDecrypt(slot, KeyType.RSA2048, block));
    }

    @Override
    public PublicKey publicKey(KeyRef key) {
        lease.ensureOpen();
        return key(PivSlots.slot(key)).map(SlotKey::publicKey)
                .orElseThrow(() -> new KeyNotFoundException("No key in PIV slot " + key.id() + " of card " + token.name()));
    }

    @Override
    public void storeCertificate(KeyRef key, X509Certificate certificate) {
        lease.ensureOpen();
        if (!Arrays.equals(publicKey(key).getEncoded(), certificate.getPublicKey().getEncoded())) {
            throw new IllegalArgumentException("the certificate is not for key " + key.id());
        }
        Slot slot = PivSlots.slot(key);
        token.call("store a certificate in slot " + key.id(), s -> {
            token.authenticateManagement(s);
            s.putCertificate(slot, certificate);
            return null;
        });
    }

    @Override
    public List<Credential> credentials() {
        lease.ensureOpen();
        synchronized (token) {
            var credentials = new ArrayList<Credential>();
            for (Slot slot : PivSlots.ORDER) {
                Optional<SlotKey> key = key(slot);
                if (key.isPresent()) {
                    String label = token.labels().getOrDefault(slot, "piv-" + PivSlots.id(slot));
                    credentials.add(new Credential(new KeyRef(PivSlots.id(slot), label, key.get().algorithm()),
                            key.get().publicKey(), certificate(slot)));
                }
            }
            return credentials;
        }
    }

    @Override
    public Optional<Credential> find(CredentialQuery query) {
        return credentials().stream().filter(query::matches).findFirst();
    }

    @Override
    public void delete(KeyRef key) {
        lease.ensureOpen();
        Slot slot = PivSlots.slot(key);
        synchronized (token) {
            if (key(slot).isEmpty()) {
                throw new KeyNotFoundException("No key in PIV slot " + key.id() + " of card " + token.name());
            }
            token.call("delete the key in slot " + key.id(), s -> {
                if (!s.supports(PivSession.FEATURE_MOVE_KEY)) {
                    throw new MechanismUnsupportedException("PIV card " + token.name() + " (v" + s.getVersion()
                            + ") cannot delete keys");
                }
                token.authenticateManagement(s);
                s.deleteCertificate(slot);
                s.deleteKey(slot);
                return null;
            });
            token.labels().remove(slot);
        }
    }

    /**
     * Yubico-format attestation: the card's certificate for the slot key (signed by its F9 key)
     * and the F9 certificate, as {@link PivAttestationVerifier} reads them. PIV binds no nonce, so
     * {@code nonce} is not used: the CSR the key signs carries the freshness. Empty when the card
     * cannot attest (no Yubico extensions) or holds no F9 certificate.
     */
    @Override
    public Optional<AttestationStatement> attest(KeyRef key, byte[] nonce) {
        lease.ensureOpen();
        Slot slot = PivSlots.slot(key);
        return token.call("attest slot " + key.id(), s -> {
            if (!s.supports(PivSession.FEATURE_ATTESTATION)) {
                return Optional.empty();
            }
            X509Certificate attested = s.attestKey(slot);
            byte[] f9;
            try {
                f9 = PivTlv.value(s.getObject(ObjectId.ATTESTATION), 0x70);
            } catch (ApduException e) {
                if ((e.getSw() & 0xFFFF) == 0x6A82) {
                    return Optional.empty();
                }
                throw e;
            }
            X509Certificate attestationCertificate = parse(f9);
            try {
                return Optional.of(new AttestationStatement(attested.getTBSCertificate(), attested.getSignature(),
                        List.of(attested, attestationCertificate)));
            } catch (CertificateEncodingException e) {
                throw new TokenDeviceException("PIV_BAD_CERTIFICATE", "The card's attestation certificate cannot be read", e);
            }
        });
    }

    private static X509Certificate parse(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw new TokenDeviceException("PIV_BAD_CERTIFICATE", "The card's attestation (F9) certificate cannot be parsed", e);
        }
    }

    /** The key in {@code slot}: from the card's metadata, or from its certificate where the card has none. */
    private Optional<SlotKey> key(Slot slot) {
        return token.call("read slot " + PivSlots.id(slot), s -> {
            if (s.supports(PivSession.FEATURE_METADATA)) {
                SlotMetadata metadata;
                try {
                    metadata = s.getSlotMetadata(slot);
                } catch (ApduException e) {
                    if ((e.getSw() & 0xFFFF) == 0x6A88) {
                        return Optional.empty();
                    }
                    throw e;
                }
                KeyAlgorithm algorithm = PivSlots.algorithm(metadata.getKeyType());
                return algorithm == null ? Optional.empty()
                        : Optional.of(new SlotKey(algorithm, toPublicKey(metadata)));
            }
            return certificate(slot).flatMap(c -> {
                KeyAlgorithm algorithm = PivSlots.algorithm(KeyType.fromKey(c.getPublicKey()));
                return algorithm == null ? Optional.empty() : Optional.of(new SlotKey(algorithm, c.getPublicKey()));
            });
        });
    }

    private Optional<X509Certificate> certificate(Slot slot) {
        return token.call("read the certificate of slot " + PivSlots.id(slot), s -> {
            try {
                return Optional.of(s.getCertificate(slot));
            } catch (ApduException e) {
                if ((e.getSw() & 0xFFFF) == 0x6A82) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    private static PublicKey toPublicKey(SlotMetadata metadata) {
        try {
            return metadata.getPublicKeyValues().toPublicKey();
        } catch (GeneralSecurityException e) {
            throw new TokenDeviceException("PIV_BAD_KEY", "The card reported a public key the JCE cannot read", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE has SHA-256", e);
        }
    }

    /** EMSA-PKCS1-v1_5 for a 2048-bit key: 00 01 FF.. 00 DigestInfo(SHA-256). The card does the raw RSA. */
    private static byte[] pkcs1Block(byte[] digest) {
        byte[] block = new byte[256];
        Arrays.fill(block, (byte) 0xFF);
        block[0] = 0x00;
        block[1] = 0x01;
        int t = SHA256_DIGEST_INFO.length + digest.length;
        block[block.length - t - 1] = 0x00;
        System.arraycopy(SHA256_DIGEST_INFO, 0, block, block.length - t, SHA256_DIGEST_INFO.length);
        System.arraycopy(digest, 0, block, block.length - digest.length, digest.length);
        return block;
    }

    @Override
    public void close() {
        lease.close();
    }
}
