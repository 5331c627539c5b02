package keybound.issuer;

import java.math.BigInteger;
import java.security.cert.X509CRL;
import java.time.Clock;
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
import keybound.issuer.store.CrlCounter;
import keybound.issuer.store.Database;

/** Revocation by serial with a reason, and what relying parties fetch: the signed CRL and OCSP responses. */
public final class Revocations {

    private final Database database;
    private final Clock clock;
    private final CrlGenerator crls;
    private final OcspResponder ocsp;
    private final CertificateRepository certificates = new CertificateRepository();
    private final CrlCounter crlCounter = new CrlCounter();
    private final AuditLog audit = new AuditLog();

    public Revocations(Database database, CertificateAuthority ca, IssuerConfig config, Clock clock) {
        this.database = database;
        this.clock = clock;
        this.crls = new CrlGenerator(ca, config.crlValidity());
        this.ocsp = new OcspResponder(ca, config.ocspValidity());
    }

    /** Revokes a certificate by serial (lower-case hex). Returns false if it was already revoked. */
    public boolean revoke(String serial, RevocationReason reason) {
        return database.inTransaction(c -> {
            certificates.find(c, serial)
                    .orElseThrow(() -> new UnknownCertificateException("no certificate with serial " + serial));
            boolean done = certificates.revoke(c, serial, reason, clock.instant(), Optional.empty());
            if (done) {
                audit.append(c, clock.instant(), AuditEvent.REVOKED, "serial:" + serial, "reason=" + reason);
            }
            return done;
        });
    }

    /** A fresh CRL of every revoked, unexpired certificate, with the next CRL number. */
    public X509CRL crl() {
        return database.inTransaction(c -> {
            Instant now = clock.instant();
            long number = crlCounter.next(c);
            List<RevokedEntry> entries = new ArrayList<>();
            for (CertificateRecord r : certificates.revokedUnexpired(c, now)) {
                entries.add(new RevokedEntry(new BigInteger(r.serial(), 16), r.revokedAt().orElseThrow(),
                        r.revocationReason().orElseThrow()));
            }
            X509CRL crl = crls.generate(entries, number, now);
            audit.append(c, now, AuditEvent.CRL_GENERATED, "crl:" + number, "entries=" + entries.size());
            return crl;
        });
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
