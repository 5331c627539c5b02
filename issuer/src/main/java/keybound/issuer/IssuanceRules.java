package keybound.issuer;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import keybound.issuer.contract.Bank;
import keybound.issuer.contract.ContractId;
import keybound.issuer.contract.ContractSecret;
import keybound.issuer.contract.Role;
import keybound.issuer.contract.UserId;
import keybound.issuer.contract.UserSecret;
import keybound.issuer.enrollment.AcquisitionWindow;
import keybound.issuer.enrollment.Renewal;
import keybound.issuer.policy.AttestationNonce;
import keybound.issuer.policy.AttestationRule;
import keybound.issuer.policy.CsrCheck;
import keybound.issuer.refusal.InvalidRequestException;
import keybound.issuer.refusal.NoAuthorisationException;
import keybound.issuer.refusal.NotAuthorisedException;
import keybound.issuer.refusal.RenewalNotOpenException;
import keybound.issuer.refusal.UnknownCertificateException;
import keybound.issuer.store.CertificateRecord;

/**
 * The rules every issuance passes — administrator and user acquisition, renewal, migration — in
 * one order:
 * <ol>
 *   <li>the CSR is well formed (size, DER, key policy, proof of possession);</li>
 *   <li>a renewal's current certificate was issued here (it names the applicant);</li>
 *   <li>a renewal is signed by the current certificate's key;</li>
 *   <li>a renewal is for a new key;</li>
 *   <li>the secrets are right (a locked, closed or suspended account is refused before any is
 *       checked; a wrong one is counted toward the lockout);</li>
 *   <li>a request id answered before is a retry of that request (same holder and key), which the
 *       rules below do not judge again: it is answered with the same certificate;</li>
 *   <li>the window is open (80 days from the application; a renewal's lead before expiry);</li>
 *   <li>a user holds an open authorisation;</li>
 *   <li>the key's attestation meets the bank's policy.</li>
 * </ol>
 * Nothing about the account (its window, its authorisation, its certificate's state) is told
 * before the secrets are proven right; only the request's own faults are. The signing step then
 * re-checks, under the contract's row lock, what may have changed meanwhile.
 */
final class IssuanceRules {

    private final List<IssuanceRule> rules;

    IssuanceRules(CsrCheck csrCheck, CertificateRegistry registry, SecretChecks secrets, RetryCheck retries,
                  AcquisitionWindow window, Duration renewalLead, Clock clock, AttestationRule attestation,
                  Function<ContractId, Bank> banks) {
        this.rules = List.of(
                new CsrWellFormed(csrCheck),
                new CurrentCertificateKnown(registry),
                new OldKeyProven(),
                new KeyIsNew(),
                new SecretsRight(secrets),
                new RetryRecognised(retries),
                new WindowOpen(window, renewalLead, clock),
                new AuthorisationOpen(clock),
                new AttestationAccepted(attestation, banks));
    }

    /** Applies every rule in order; the first refusal stops the issuance, a recognised retry the checks. */
    void check(Enrollment enrollment) {
        for (IssuanceRule rule : rules) {
            rule.check(enrollment);
            if (enrollment.retry()) {
                return;
            }
        }
    }

    /** Whether the request was answered before; refuses an id answered for another key or holder. */
    interface RetryCheck {
        boolean answeredBefore(Enrollment e);
    }

    /** Only a request with an id can be a retry; one without is judged as new. */
    record RetryRecognised(RetryCheck retries) implements IssuanceRule {
        @Override
        public void check(Enrollment e) {
            e.retry(e.requestId().isPresent() && retries.answeredBefore(e));
        }
    }

    record CsrWellFormed(CsrCheck check) implements IssuanceRule {
        @Override
        public void check(Enrollment e) {
            e.csr(check.check(e.csrDer()));
        }
    }

    record CurrentCertificateKnown(CertificateRegistry registry) implements IssuanceRule {
        @Override
        public void check(Enrollment e) {
            e.renewal().ifPresent(renewal -> e.current(registry.registered(renewal.current())
                    .orElseThrow(() -> new UnknownCertificateException("certificate "
                            + renewal.current().getSerialNumber().toString(16) + " was not issued here"))));
        }
    }

    record OldKeyProven() implements IssuanceRule {
        @Override
        public void check(Enrollment e) {
            e.renewal().ifPresent(renewal -> {
                if (!proven(renewal)) {
                    throw new NotAuthorisedException("the renewal is not signed by the current certificate's key");
                }
            });
        }

        private static boolean proven(Renewal renewal) {
            var key = renewal.current().getPublicKey();
            String algorithm = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
            try {
                Signature signature = Signature.getInstance(algorithm);
                signature.initVerify(key);
                signature.update(Renewal.proofMessage(renewal.newCsr()));
                return renewal.oldKeySignature() != null && signature.verify(renewal.oldKeySignature());
            } catch (GeneralSecurityException | RuntimeException e) {
                return false;
            }
        }
    }

    record KeyIsNew() implements IssuanceRule {
        @Override
        public void check(Enrollment e) {
            if (e.kind().renews() && Issuance.keyHash(e.csr()).equals(e.current().publicKeySha256())) {
                throw new InvalidRequestException("the new certificate must be for a new key");
            }
        }
    }

    /** The administrator proves イ then ロ, a user ト then チ, whether acquiring or renewing. */
    record SecretsRight(SecretChecks secrets) implements IssuanceRule {
        @Override
        public void check(Enrollment e) {
            if (e.role() == Role.ADMINISTRATOR) {
                e.contractAccount(secrets.checkContract(e.contract(), List.of(
                        Map.entry(ContractSecret.CONTRACT_PIN, e.firstSecret()),
                        Map.entry(ContractSecret.CONFIRMATION_PIN, e.secondSecret()))));
            } else {
                UserId user = e.user().orElseThrow();
                e.userAccount(secrets.checkUser(e.contract(), user, List.of(
                        Map.entry(UserSecret.USER_PIN, e.firstSecret()),
                        Map.entry(UserSecret.USER_CONFIRMATION_PIN, e.secondSecret()))));
            }
        }
    }

    /**
     * The administrator acquires within the window from the application; a renewal needs a
     * current certificate and opens its lead before expiry; a migration only needs it current.
     */
    record WindowOpen(AcquisitionWindow window, Duration renewalLead, Clock clock) implements IssuanceRule {
        @Override
        public void check(Enrollment e) {
            switch (e.kind()) {
                case ADMINISTRATOR_ACQUISITION -> window.check(e.contractAccount().applicationDate());
                case USER_ACQUISITION -> { } // a user's window is the administrator's authorisation
                case RENEWAL, MIGRATION -> checkRenewal(e);
            }
        }

        private void checkRenewal(Enrollment e) {
            CertificateRecord current = e.current();
            Instant now = clock.instant();
            if (!current.isCurrent(now)) {
                throw new RenewalNotOpenException("certificate " + current.serial() + " is not current");
            }
            Instant opens = IssuerConfig.renewalOpens(current.notAfter(), renewalLead);
            if (e.kind() == Enrollment.Kind.RENEWAL && now.isBefore(opens)) {
                throw new RenewalNotOpenException("renewal opens " + renewalLead.toDays() + " days before expiry, on " + opens);
            }
        }
    }

    record AuthorisationOpen(Clock clock) implements IssuanceRule {
        @Override
        public void check(Enrollment e) {
            if (e.kind() == Enrollment.Kind.USER_ACQUISITION
                    && e.userAccount().authorisationExpires().filter(clock.instant()::isBefore).isEmpty()) {
                throw new NoAuthorisationException("user " + e.contract() + "/" + e.user().orElseThrow()
                        + " holds no open certificate authorisation");
            }
        }
    }

    /** The nonce binds the statement to this contract, user and key. */
    record AttestationAccepted(AttestationRule rule, Function<ContractId, Bank> banks) implements IssuanceRule {
        @Override
        public void check(Enrollment e) {
            Bank bank = banks.apply(e.contract());
            byte[] nonce = AttestationNonce.forEnrollment(e.contract(), e.user().map(UserId::value).orElse(""), e.csr().keyInfo());
            e.attestation(bank, rule.apply(bank.attestationPolicy(), e.statement(), e.csr(), nonce));
        }
    }
}
