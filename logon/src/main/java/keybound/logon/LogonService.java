package keybound.logon;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import keybound.logon.challenge.ChallengeAnswer;
import keybound.logon.challenge.ChallengeVerdict;
import keybound.logon.challenge.LogonChallenge;
import keybound.logon.challenge.LogonChallenges;
import keybound.logon.challenge.SignatureVerifier;
import keybound.logon.otp.CardChallenger;
import keybound.logon.otp.Totp;
import keybound.logon.otp.TotpVerifier;
import keybound.logon.session.LogonMethod;
import keybound.logon.session.SessionBinding;
import keybound.logon.session.SessionCheck;
import keybound.logon.session.SessionId;
import keybound.logon.session.Sessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate-method logon (manual I-3 steps 1–6, II-2) as a small state machine:
 * <pre>
 *   first proof ──(account check)──▶ second step pending ──(second factor)──▶ session
 *        │ mTLS client certificate           │ user: ト                        │
 *        │ or signed challenge               │ administrator: イ + card cells  │
 *        ▼                                   ▼   or イ + TOTP                  ▼
 *      Denied                              Denied                          Granted
 * </pre>
 * plus the ID/password method (A + B + イ) for contracts that have no administrator certificate
 * yet. Every step answers a {@link LogonStep}; denials carry the reason for the log only.
 * Sessions are bound to the client certificate the logon's connection presented (none behind a
 * TLS-terminating proxy), and a signed challenge whose connection shows another certificate is
 * refused. Thread-safe.
 */
public final class LogonService {

    private static final Logger LOG = LoggerFactory.getLogger(LogonService.class);

    private final LogonPolicy policy;
    private final BankPorts ports;
    private final LogonStores stores;
    private final SecureRandom random;
    private final Clock clock;
    private final LogonChallenges challenges;
    private final CertificateGate gate;
    private final CardChallenger cardChallenger;
    private final SecondStepVerifier secondStep;
    private final Sessions sessions;

    public LogonService(String origin, LogonPolicy policy, BankPorts ports, LogonStores stores, SecureRandom random,
            Clock clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.ports = Objects.requireNonNull(ports, "ports");
        this.stores = Objects.requireNonNull(stores, "stores");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.challenges = new LogonChallenges(origin, policy.challengeLifetime(), stores.challenges(),
                new SignatureVerifier(), random, clock);
        this.gate = new CertificateGate(ports.directory(), ports.lockout());
        this.cardChallenger = new CardChallenger(policy.cardCellsAsked(), policy.secondStepLifetime(), random, clock);
        this.secondStep = new SecondStepVerifier(ports.secrets(), ports.cards(), ports.totpSeeds(), ports.lockout(),
                new TotpVerifier(new Totp(), stores.totpSteps(), clock));
        this.sessions = new Sessions(stores.sessions(), policy.sessions(), random, clock);
    }

    /** A fresh challenge for the signed-challenge method. */
    public LogonChallenge issueChallenge() {
        return challenges.issue();
    }

    /** First proof by mutual TLS: the certificate the TLS handshake verified (empty: none presented). */
    public LogonStep startWithCertificate(Optional<X509Certificate> clientCertificate) {
        if (clientCertificate.isEmpty()) {
            return denied(DenialReason.NO_CLIENT_CERTIFICATE, null);
        }
        X509Certificate certificate = clientCertificate.get();
        return admit(certificate, LogonMethod.MUTUAL_TLS, SessionBinding.to(CertificateFingerprint.of(certificate)));
    }

    /**
     * Whether the certificate the TLS handshake verified is a user's current certificate, so that a
     * page may ask for ト at once (II-2 in one request). Any other goes through
     * {@link #startWithCertificate}, which says why it is refused; a lock is {@link #admitUser}'s to
     * refuse, before ト is checked.
     */
    public boolean presentsUserCertificate(Optional<X509Certificate> clientCertificate) {
        return clientCertificate.flatMap(ports.directory()::holderOf).filter(Account.User.class::isInstance).isPresent();
    }

    /**
     * A user's logon in one request (II-2), first half: the certificate the TLS handshake verified
     * must be a current user's certificate, its account not locked. The administrator's is
     * refused ({@link DenialReason#NOT_A_USER_CERTIFICATE}): the card cells asked need two steps.
     */
    public UserAdmission admitUser(Optional<X509Certificate> clientCertificate) {
        if (clientCertificate.isEmpty()) {
            return UserAdmission.refused(denied(DenialReason.NO_CLIENT_CERTIFICATE, null));
        }
        CertificateGate.Passage passage = gate.check(clientCertificate.get());
        if (passage instanceof CertificateGate.Refused refused) {
            return UserAdmission.refused(denied(refused.reason(), null));
        }
        var admitted = (CertificateGate.Admitted) passage;
        if (!(admitted.account() instanceof Account.User user)) {
            return UserAdmission.refused(denied(DenialReason.NOT_A_USER_CERTIFICATE, admitted.account()));
        }
        if (admitted.locked()) {
            return UserAdmission.refused(denied(DenialReason.ACCOUNT_LOCKED, user));
        }
        return UserAdmission.admitted(user, SessionBinding.to(CertificateFingerprint.of(clientCertificate.get())));
    }

    /**
     * The second half, in the same request: ト for the admitted user, counted toward the lockout
     * when wrong; a session when right. Wipes {@code userPin}.
     */
    public LogonStep completeUser(UserAdmission admission, char[] userPin) {
        try {
            if (admission.refusal().isPresent()) {
                throw new IllegalArgumentException("the certificate was not admitted");
            }
            Optional<DenialReason> wrong = secondStep.verifyUserPin(admission.user(), userPin);
            if (wrong.isPresent()) {
                return denied(wrong.get(), admission.user());
            }
            return granted(admission.user(), LogonMethod.MUTUAL_TLS, admission.binding());
        } finally {
            Arrays.fill(userPin, '\0');
        }
    }

    /**
     * First proof by signed challenge. {@code signer} is the certificate the client says signed;
     * its key verifies the signature only once the directory confirmed the bank issued exactly it.
     * {@code connection} is the certificate the connection presented, if any.
     */
    public LogonStep startWithChallenge(ChallengeAnswer answer, X509Certificate signer,
            Optional<CertificateFingerprint> connection) {
        CertificateFingerprint signerPrint = CertificateFingerprint.of(signer);
        if (connection.isPresent() && !connection.get().equals(signerPrint)) {
            challenges.discard(answer.nonce());
            return denied(DenialReason.CERTIFICATE_MISMATCH, null);
        }
        CertificateGate.Passage passage = gate.check(signer);
        if (passage instanceof CertificateGate.Refused refused) {
            challenges.discard(answer.nonce());
            return denied(refused.reason(), null);
        }
        var admitted = (CertificateGate.Admitted) passage;
        // The directory vouched that these are exactly the bytes the bank issued, key included.
        ChallengeVerdict verdict = challenges.redeem(answer, admitted.certificate().getPublicKey());
        return switch (verdict) {
            case VERIFIED -> secondStepFor(admitted, LogonMethod.SIGNED_CHALLENGE, new SessionBinding(connection));
            case UNKNOWN_OR_USED -> denied(DenialReason.CHALLENGE_UNKNOWN_OR_USED, admitted.account());
            case EXPIRED -> denied(DenialReason.CHALLENGE_EXPIRED, admitted.account());
            default -> denied(DenialReason.BAD_SIGNATURE, admitted.account());
        };
    }

    /**
     * The second step. Consumes the pending logon whatever the outcome, so a card challenge is
     * answered once; wipes {@code answer}.
     */
    public LogonStep completeSecondStep(AttemptId attempt, SecondFactor answer, Optional<CertificateFingerprint> connection) {
        try {
            Optional<PendingLogon> found = stores.attempts().consume(attempt);
            if (found.isEmpty()) {
                return denied(DenialReason.ATTEMPT_UNKNOWN_OR_USED, null);
            }
            PendingLogon pending = found.get();
            if (pending.expiredAt(clock.instant())) {
                return denied(DenialReason.ATTEMPT_EXPIRED, pending.account());
            }
            if (!pending.binding().matches(connection)) {
                return denied(DenialReason.CERTIFICATE_MISMATCH, pending.account());
            }
            Optional<DenialReason> wrong = secondStep.verify(pending, answer);
            if (wrong.isPresent()) {
                return denied(wrong.get(), pending.account());
            }
            return granted(pending.account(), pending.method(), pending.binding());
        } finally {
            answer.wipe();
        }
    }

    /**
     * The ID/password method: A + B + イ, refused once the contract has an administrator
     * certificate. B and イ are both checked and each failure counts, whatever the other said; the
     * count is cleared only when both were right. Wipes both secrets.
     */
    public LogonStep logonWithPassword(String contractId, char[] confirmationPassword, char[] contractPin,
            Optional<CertificateFingerprint> connection) {
        try {
            var administrator = new Account.Administrator(contractId);
            if (ports.directory().hasAdministratorCertificate(contractId)) {
                return denied(DenialReason.PASSWORD_METHOD_CLOSED, administrator);
            }
            Optional<DenialReason> password = checkSecret(administrator, SecretKind.CONFIRMATION_PASSWORD, confirmationPassword);
            Optional<DenialReason> pin = checkSecret(administrator, SecretKind.CONTRACT_PIN, contractPin);
            Optional<DenialReason> wrong = pin.filter(DenialReason.ACCOUNT_LOCKED::equals).or(() -> password).or(() -> pin);
            if (wrong.isPresent()) {
                return denied(wrong.get(), administrator);
            }
            ports.lockout().clearFailures(administrator);
            return granted(administrator, LogonMethod.ID_AND_PASSWORD, new SessionBinding(connection));
        } finally {
            Arrays.fill(confirmationPassword, '\0');
            Arrays.fill(contractPin, '\0');
        }
    }

    /** Resumes a session for a request whose connection presents {@code connection}. */
    public SessionCheck resume(SessionId id, Optional<CertificateFingerprint> connection) {
        return sessions.resume(id, connection);
    }

    /** Logs off: only the session's own holder (right binding) may end it. */
    public boolean logoff(SessionId id, Optional<CertificateFingerprint> connection) {
        return sessions.resume(id, connection) instanceof SessionCheck.Active && sessions.logoff(id);
    }

    public LogonPolicy policy() {
        return policy;
    }

    public String origin() {
        return challenges.origin();
    }

    private Optional<DenialReason> checkSecret(Account account, SecretKind secret, char[] value) {
        FactorCheck result = ports.secrets().check(account, secret, value);
        if (result.accepted()) {
            return Optional.empty();
        }
        return Optional.of(result == FactorCheck.LOCKED ? DenialReason.ACCOUNT_LOCKED : DenialReason.WRONG_SECRET);
    }

    private LogonStep admit(X509Certificate certificate, LogonMethod method, SessionBinding binding) {
        CertificateGate.Passage passage = gate.check(certificate);
        if (passage instanceof CertificateGate.Refused refused) {
            return denied(refused.reason(), null);
        }
        return secondStepFor((CertificateGate.Admitted) passage, method, binding);
    }

    private LogonStep secondStepFor(CertificateGate.Admitted admitted, LogonMethod method, SessionBinding binding) {
        Account account = admitted.account();
        // Refuse a locked account now, before handing out card cells it could never use.
        if (admitted.locked()) {
            return denied(DenialReason.ACCOUNT_LOCKED, account);
        }
        SecondStepPrompt prompt;
        if (account instanceof Account.Administrator administrator) {
            boolean totp = ports.totpSeeds().keyOf(administrator).map(key -> {
                key.wipe();
                return true;
            }).orElse(false);
            prompt = new SecondStepPrompt.ContractPinAndOneTimePassword(
                    cardChallenger.issue(ports.cards().grid(administrator)), totp);
        } else {
            prompt = new SecondStepPrompt.UserPin();
        }
        var pending = new PendingLogon(AttemptId.random(random), account, method, binding, prompt,
                clock.instant().plus(policy.secondStepLifetime()));
        stores.attempts().put(pending.id(), pending);
        return new LogonStep.SecondStepRequired(pending);
    }

    private LogonStep granted(Account account, LogonMethod method, SessionBinding binding) {
        LOG.info("logon granted: {} by {}", describe(account), method);
        return new LogonStep.Granted(sessions.open(account, method, binding));
    }

    private static LogonStep.Denied denied(DenialReason reason, Account account) {
        LOG.info("logon denied: {} ({})", reason, account == null ? "no account" : describe(account));
        return new LogonStep.Denied(reason);
    }

    private static String describe(Account account) {
        if (account instanceof Account.User user) {
            return "user " + user.userId() + " of contract " + user.contractId();
        }
        return "administrator of contract " + account.contractId();
    }
}
