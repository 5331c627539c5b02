package keybound.issuer;

import java.math.BigInteger;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import keybound.issuer.audit.AuditEvent;
import keybound.issuer.audit.AuditLog;
import keybound.issuer.ca.CertificateAuthority;
import keybound.issuer.ca.CrlGenerator;
import keybound.issuer.ca.OcspResponder;
import keybound.issuer.ca.RevocationReason;
import keybound.issuer.ca.RevokedEntry;
import keybound.issuer.ca.SerialStatus;
import keybound.issuer.refusal.UnknownCertificateException;
import keybound.issuer.store.CertificateRecord;
import keybound.issuer.store.CertificateRepository;
import keybound.issuer.store.CertificateStatus;
import keybound.issuer.store.CrlStore;
import keybound.issuer.store.Database;
import keybound.issuer.store.PublishedCrl;

/** Revocation by serial with a reason, and what relying parties fetch: the signed CRLs (issuing CA and root) and OCSP responses. */
public final class Revocations {

    private final Database database;
    private final Clock clock;
    private final OcspResponder ocsp;
    private final CertificateRepository certificates = new CertificateRepository();
    private final AuditLog audit = new AuditLog();
    private final SharedCrl issuingCrl;
    private final Optional<SharedCrl> rootCrl;

    public Revocations(Database database, CertificateAuthority ca, IssuerConfig config, Clock clock) {
        this.database = database;
        this.clock = clock;
        this.ocsp = new OcspResponder(ca, config.ocspValidity());
        this.issuingCrl = new SharedCrl(new CrlGenerator(ca.certificate(), ca.signer(), config.crlValidity()),
                CrlStore.issuing(), "crl:", this::revokedCertificates);
        // The registry records no revoked CA certificate: the root's CRL lists none until it does.
        this.rootCrl = ca.rootSigner().map(root -> new SharedCrl(new CrlGenerator(ca.root(), root, config.crlValidity()),
                CrlStore.root(), "root-crl:", (c, now) -> List.of()));
    }

    /** Revokes a certificate by serial (lower-case hex). Returns false if it was already revoked. */
    public boolean revoke(String serial, RevocationReason reason) {
        return database.inTransaction(c -> {
            if (certificates.find(c, serial).isEmpty()) {
                throw new UnknownCertificateException("no certificate with serial " + serial);
            }
            boolean done = certificates.revoke(c, serial, reason, clock.instant(), Optional.empty());
            if (done) {
                audit.append(c, clock.instant(), AuditEvent.REVOKED, "serial:" + serial, "reason=" + reason);
            }
            return done;
        });
    }

    /** A fresh CRL of every revoked, unexpired certificate, with the next CRL number; every node serves it from now on. */
    public X509CRL crl() {
        return database.inTransaction(c -> issuingCrl.sign(c, issuingCrl.store.lock(c), clock.instant())).crl();
    }

    /**
     * The CRL every node on this registry serves: the published one while no revocation came after
     * it, it is younger than {@code reuse} and not past its nextUpdate; otherwise a fresh one, signed
     * by whichever node asks first (the others wait on the counter row and then serve that one).
     */
    public X509CRL currentCrl(Duration reuse) {
        return issuingCrl.current(reuse);
    }

    /**
     * The root's CRL, which covers the issuing CA (so {@code openssl verify -crl_check_all} can check
     * the whole chain), shared and numbered like {@link #currentCrl}; empty when the root issues
     * directly (its CRL is {@link #currentCrl}) or its key is not on the CA's token.
     */
    public Optional<X509CRL> currentRootCrl(Duration reuse) {
        return rootCrl.map(crl -> crl.current(reuse));
    }

    /** One CA's CRL: its generator, its shared row, and what it lists. */
    private final class SharedCrl {

        private final CrlGenerator generator;
        private final CrlStore store;
        private final String name;
        private final EntrySource entries;

        SharedCrl(CrlGenerator generator, CrlStore store, String name, EntrySource entries) {
            this.generator = generator;
            this.store = store;
            this.name = name;
            this.entries = entries;
        }

        X509CRL current(Duration reuse) {
            Instant now = clock.instant();
            Optional<PublishedCrl> published = database.inTransaction(c -> {
                long revocations = store.revocations(c);
                return store.latest(c).filter(crl -> crl.servable(revocations, now, reuse));
            });
            if (published.isPresent()) {
                return published.get().crl();
            }
            return database.inTransaction(c -> {
                var counters = store.lock(c);
                var latest = store.latest(c).filter(crl -> crl.servable(counters.revocations(), now, reuse));
                return latest.isPresent() ? latest.get() : sign(c, counters, now);
            }).crl();
        }

        PublishedCrl sign(Connection c, CrlStore.Counters counters, Instant now) throws SQLException {
            long number = counters.crlNumber() + 1;
            List<RevokedEntry> listed = entries.revoked(c, now);
            X509CRL crl = generator.generate(listed, number, now);
            PublishedCrl published;
            try {
                published = new PublishedCrl(number, counters.revocations(), crl.getThisUpdate().toInstant(),
                        crl.getNextUpdate().toInstant(), crl.getEncoded());
            } catch (CRLException e) {
                throw new IllegalStateException("the signed CRL does not encode", e);
            }
            store.publish(c, published);
            audit.append(c, now, AuditEvent.CRL_GENERATED, name + number, "entries=" + listed.size());
            return published;
        }
    }

    /** What a CRL lists at {@code now}. */
    @FunctionalInterface
    private interface EntrySource {
        List<RevokedEntry> revoked(Connection c, Instant now) throws SQLException;
    }

    private List<RevokedEntry> revokedCertificates(Connection c, Instant now) throws SQLException {
        List<RevokedEntry> entries = new ArrayList<>();
        for (CertificateRecord r : certificates.revokedUnexpired(c, now)) {
            entries.add(new RevokedEntry(new BigInteger(r.serial(), 16), r.revokedAt().orElseThrow(),
                    r.revocationReason().orElseThrow()));
        }
        return entries;
    }

    /** Answers a DER OCSP request (RFC 6960) with a DER OCSP response signed by the CA. */
    public byte[] ocsp(byte[] request) {
        return ocsp.respond(request, clock.instant(), serial -> database.inTransaction(c -> certificates
                .find(c, serial.toString(16))
                .<SerialStatus>map(r -> r.status() == CertificateStatus.ACTIVE ? new SerialStatus.Good()
                        : new SerialStatus.Revoked(r.revokedAt().orElseThrow(), r.revocationReason().orElseThrow()))
                .orElse(new SerialStatus.Unknown())));
    }
}
