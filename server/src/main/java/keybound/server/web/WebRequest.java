package keybound.server.web;

import java.security.cert.X509Certificate;
import java.util.Optional;
import keybound.logon.CertificateFingerprint;
import keybound.logon.session.LogonSession;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/**
 * A page request as the pages see it: path, query, cookies, the connection's client certificate
 * (requested in the TLS handshake), the language, and the posted form once read.
 */
final class WebRequest {

    private final Request request;
    private final Fields query;
    private final Lang lang;
    private Form form;
    private LogonSession session;

    WebRequest(Request request) {
        this.request = request;
        this.query = Request.extractQueryParameters(request);
        this.lang = chosenLang();
    }

    String method() {
        return request.getMethod();
    }

    String path() {
        return request.getHttpURI().getPath();
    }

    Optional<String> query(String name) {
        return Optional.ofNullable(query.getValue(name));
    }

    Optional<String> header(String name) {
        return Optional.ofNullable(request.getHeaders().get(name));
    }

    /** The first cookie of that name (a {@code __Host-} name: only this origin over HTTPS could have set it). */
    Optional<String> cookie(String name) {
        for (HttpField field : request.getHeaders().getFields(HttpHeader.COOKIE)) {
            for (String pair : field.getValue().split(";")) {
                int equals = pair.indexOf('=');
                if (equals > 0 && pair.substring(0, equals).trim().equals(name)) {
                    return Optional.of(pair.substring(equals + 1).trim());
                }
            }
        }
        return Optional.empty();
    }

    Lang lang() {
        return lang;
    }

    /** The language asked for by this request's {@code ?lang=}, if any (it is then remembered in a cookie). */
    Optional<Lang> langAskedFor() {
        return query("lang").flatMap(Lang::ofTag);
    }

    Optional<X509Certificate> clientCertificate() {
        Object data = request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE);
        if (data instanceof EndPoint.SslSessionData ssl && ssl.peerCertificates() != null
                && ssl.peerCertificates().length > 0) {
            return Optional.of(ssl.peerCertificates()[0]);
        }
        return Optional.empty();
    }

    Optional<CertificateFingerprint> clientFingerprint() {
        return clientCertificate().map(CertificateFingerprint::of);
    }

    Form form() {
        if (form == null) {
            throw new IllegalStateException("the form of a " + method() + " request was not read");
        }
        return form;
    }

    boolean hasForm() {
        return form != null;
    }

    void form(Form posted) {
        this.form = posted;
    }

    /** The session this request was found to present, for the page's header. */
    Optional<LogonSession> session() {
        return Optional.ofNullable(session);
    }

    void session(LogonSession live) {
        this.session = live;
    }

    private Lang chosenLang() {
        return langAskedFor()
                .or(() -> cookie(Cookies.LANG).flatMap(Lang::ofTag))
                .orElseGet(() -> Lang.preferred(request.getHeaders().get(HttpHeader.ACCEPT_LANGUAGE)));
    }

}
