package keybound.server.issuer;

import java.time.Clock;
import keybound.issuer.Issuer;
import keybound.issuer.IssuerConfig;
import keybound.logon.LogonService;
import keybound.server.api.Router;
import keybound.server.logon.SessionGuard;
import keybound.server.web.WebPages;

/** The issuer's endpoints beside logon's: acquisition, account operations, revocation status, back office. */
public final class IssuerRoutes {

    private IssuerRoutes() {
    }

    public static void register(Router router, Issuer issuer, IssuerConfig config, OperatorGuard operators,
            LogonService logon, Clock clock) {
        var revocations = new RevocationApi(issuer, clock);
        new AcquisitionApi(issuer).register(router);
        new AccountApi(issuer, new SessionGuard(logon), config, clock, revocations).register(router);
        revocations.register(router);
        new BackOfficeApi(issuer, operators, revocations).register(router);
        router.site(new WebPages(logon, issuer, config, revocations::revoked, clock)::beside);
    }
}
