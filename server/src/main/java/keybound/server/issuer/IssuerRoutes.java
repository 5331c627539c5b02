package keybound.server.issuer;

import java.time.Clock;
import keybound.issuer.Issuer;
import keybound.issuer.IssuerConfig;
import keybound.logon.LogonService;
import keybound.server.metrics.BankMetrics;
import keybound.server.api.Router;
import keybound.server.logon.SessionGuard;
import keybound.server.web.WebPages;

/** The issuer's endpoints beside logon's: acquisition, account operations, revocation status, back office. */
public final class IssuerRoutes {

    private IssuerRoutes() {
    }

    /** Registers them on {@code router}, reporting issuances and their lockouts to {@code metrics}. */
    public static void register(Router router, Issuer issuer, IssuerConfig config, OperatorGuard operators,
            LogonService logon, BankMetrics metrics, Clock clock) {
        new AcquisitionApi(issuer, metrics).register(router);
        new AccountApi(issuer, new SessionGuard(logon), config, clock).register(router);
        new RevocationApi(issuer).register(router);
        new BackOfficeApi(issuer, operators, clock).register(router);
        router.site(new WebPages(logon, issuer, config, metrics, clock)::beside);
    }
}
