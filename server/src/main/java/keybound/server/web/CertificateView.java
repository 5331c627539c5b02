package keybound.server.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import keybound.issuer.Issuer;
import keybound.issuer.contract.UserId;
import keybound.issuer.store.CertificateRecord;

/** A certificate as the pages list it; its state is the issuer's, as logon sees it. Times in Japan's zone. */
public record CertificateView(String serial, String commonName, String role, String userId, String state,
                              String notBefore, String notAfter, String token) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'JST'")
            .withZone(ZoneId.of("Asia/Tokyo"));

    static CertificateView of(CertificateRecord record, Issuer issuer) {
        return new CertificateView(record.serial(), record.commonName(), record.role().name(),
                record.user().map(UserId::value).orElse(""), issuer.registry().state(record.certificate()).name(),
                time(record.notBefore()), time(record.notAfter()), record.token().kind().name());
    }

    public static String time(Instant instant) {
        return TIME.format(instant);
    }
}
