package keybound.server;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import keybound.issuer.Issuer;
import keybound.issuer.IssuerConfig;
import keybound.logon.BankPorts;
import keybound.logon.LogonService;
import keybound.logon.LogonStores;
import keybound.server.api.Router;
import keybound.server.issuer.IssuerPorts;
import keybound.server.issuer.IssuerRoutes;
import keybound.server.issuer.JdbcLogonState;
import keybound.server.issuer.OperatorGuard;
import keybound.server.logon.LogonApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Puts the server together: routes for health and logon over the bank's ports. */
public final class BankApplication {

    private static final Logger LOG = LoggerFactory.getLogger(BankApplication.class);

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
     * The same, with logon's state (sessions, challenges, pending logons) in the database
     * ({@link JdbcLogonState}: it survives a restart and is shared by instances) and purged of
     * what has expired every {@link ServerConfig#purgeInterval()} until the server stops; empty
     * keeps it in memory. Used TOTP steps are always kept by the issuer.
     */
    public static BankServer start(ServerConfig config, Issuer issuer, IssuerConfig issuerConfig, OperatorGuard operators,
            Optional<JdbcLogonState> state, Clock clock) {
        IssuerPorts adapter = new IssuerPorts(issuer);
        BankPorts ports = adapter.ports();
        BankServer server = BankServer.start(config, origin -> {
            LogonStores stores = state.map(s -> s.stores(adapter.totpSteps())).orElseGet(() -> {
                LogonStores memory = LogonStores.inMemory(clock);
                return new LogonStores(memory.challenges(), memory.attempts(), memory.sessions(), adapter.totpSteps());
            });
            LogonService logon = new LogonService(origin, config.logon(), ports, stores, new SecureRandom(), clock);
            Router router = routes(logon);
            IssuerRoutes.register(router, issuer, issuerConfig, operators, logon, clock);
            return router;
        });
        state.ifPresent(s -> server.closeWith(PurgeSchedule.start(config.purgeInterval(), () -> {
            JdbcLogonState.Purged purged = s.purge(clock.instant(), config.logon().sessions());
            if (purged.total() > 0) {
                LOG.debug("purged expired logon state: {}", purged);
            }
        })));
        return server;
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
