package keybound.server;

import java.security.SecureRandom;
import java.time.Clock;
import keybound.issuer.Issuer;
import keybound.issuer.IssuerConfig;
import keybound.logon.BankPorts;
import keybound.logon.LogonService;
import keybound.logon.LogonStores;
import keybound.logon.session.SessionStore;
import java.util.Optional;
import keybound.server.api.Router;
import keybound.server.issuer.IssuerPorts;
import keybound.server.issuer.IssuerRoutes;
import keybound.server.issuer.OperatorGuard;
import keybound.server.logon.LogonApi;

/** Puts the server together: routes for health and logon over the bank's ports. */
public final class BankApplication {

    private BankApplication() {
    }

    /** Starts serving; logon state (challenges, pending logons, sessions) is kept in memory. */
    public static BankServer start(ServerConfig config, BankPorts ports, Clock clock) {
        return BankServer.start(config, origin -> routes(logonService(origin, config, ports, clock)));
    }

    /**
     * Starts serving the whole bank over {@code issuer}: logon (its ports adapted by
     * {@link IssuerPorts}), acquisition, account operations, CRL/OCSP and the back office.
     */
    public static BankServer start(ServerConfig config, Issuer issuer, IssuerConfig issuerConfig, OperatorGuard operators,
            Clock clock) {
        return start(config, issuer, issuerConfig, operators, Optional.empty(), clock);
    }

    /**
     * The same, with sessions in {@code sessions} (e.g. {@link keybound.server.issuer.JdbcSessionStore}:
     * they survive a restart and are shared by instances); empty keeps them in memory.
     */
    public static BankServer start(ServerConfig config, Issuer issuer, IssuerConfig issuerConfig, OperatorGuard operators,
            Optional<SessionStore> sessions, Clock clock) {
        IssuerPorts adapter = new IssuerPorts(issuer);
        BankPorts ports = adapter.ports();
        return BankServer.start(config, origin -> {
            LogonStores memory = LogonStores.inMemory(clock);
            var stores = new LogonStores(memory.challenges(), memory.attempts(), sessions.orElse(memory.sessions()),
                    adapter.totpSteps());
            LogonService logon = new LogonService(origin, config.logon(), ports, stores, new SecureRandom(), clock);
            Router router = routes(logon);
            IssuerRoutes.register(router, issuer, issuerConfig, operators, logon, clock);
            return router;
        });
    }

    /** The logon service for a server reachable at {@code origin}. */
    public static LogonService logonService(String origin, ServerConfig config, BankPorts ports, Clock clock) {
        return new LogonService(origin, config.logon(), ports, LogonStores.inMemory(clock), new SecureRandom(), clock);
    }

    /** Health and the logon endpoints; the issuer's endpoints will be added beside them. */
    public static Router routes(LogonService logon) {
        var router = new Router();
        HealthApi.register(router);
        new LogonApi(logon).register(router);
        return router;
    }
}
