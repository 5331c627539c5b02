package keybound.server.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import keybound.issuer.ExpiryNotice;
import keybound.issuer.Issuer;
import keybound.issuer.IssuerConfig;
import keybound.issuer.contract.ContractId;
import keybound.issuer.contract.UserId;
import keybound.issuer.store.CertificateRecord;
import keybound.logon.Account;

/**
 * The user's status page (manual II-2): the user's certificates as the issuer records them (as
 * {@code GET /user/status}), the current one's validity, the manual's renewal notice once 40, 30
 * or 10 days are left ({@link ExpiryNotice#reached}), and when {@code keybound renew} opens
 * ({@link IssuerConfig#renewalOpens}).
 */
final class StatusPage {

    private final Issuer issuer;
    private final IssuerConfig config;
    private final WebSessions sessions;
    private final Clock clock;

    StatusPage(Issuer issuer, IssuerConfig config, WebSessions sessions, Clock clock) {
        this.issuer = issuer;
        this.config = config;
        this.sessions = sessions;
        this.clock = clock;
    }

    void register(WebPages pages) {
        pages.get(WebPages.ROOT + "status", this::status);
    }

    private Page status(WebRequest request) {
        Account.User user = sessions.requireUser(request);
        Instant now = clock.instant();
        List<CertificateRecord> mine = issuer.registry().certificates(new ContractId(user.contractId())).stream()
                .filter(r -> r.user().map(UserId::value).filter(user.userId()::equals).isPresent())
                .sorted(Comparator.comparing(CertificateRecord::issuedAt))
                .toList();
        Map<String, Object> values = new HashMap<>();
        values.put("userId", user.userId());
        values.put("contractId", user.contractId());
        values.put("certificates", mine.stream().map(r -> CertificateView.of(r, issuer)).toList());
        Optional<CertificateRecord> current = mine.stream().filter(r -> r.isCurrent(now))
                .max(Comparator.comparing(CertificateRecord::issuedAt));
        values.put("current", current.map(r -> CertificateView.of(r, issuer)).orElse(null));
        long daysLeft = current.map(r -> Duration.between(now, r.notAfter()).toDays()).orElse(0L);
        values.put("daysLeft", daysLeft);
        values.put("notice", current.isPresent() ? ExpiryNotice.reached(daysLeft).orElse(0) : 0);
        Optional<Instant> opens = current.map(r -> config.renewalOpens(r.notAfter()));
        values.put("renewalOpen", opens.filter(o -> !now.isBefore(o)).isPresent());
        values.put("renewalOpens", opens.map(CertificateView::time).orElse(""));
        return Page.view("status.jte", values);
    }
}
