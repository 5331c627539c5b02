package keybound.server;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import keybound.issuer.Issuer;
import keybound.issuer.IssuerConfig;
import keybound.logon.BankPorts;
import keybound.logon.InMemoryLogonState;
import keybound.logon.LogonState;
import keybound.logon.LogonService;
import keybound.logon.LogonStores;
import keybound.logon.otp.InMemoryTotpStepLedger;
import keybound.server.api.Router;
import keybound.server.wiring.IssuerPorts;
import keybound.server.issuer.IssuerRoutes;
import keybound.server.issuer.OperatorGuard;
import keybound.server.logon.LogonApi;
import keybound.server.metrics.BankMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Puts the server together: routes for health and logon over the bank's ports. */
public final class BankApplication {

    private static final Logger LOG = LoggerFactory.getLogger(BankApplication.class);

    private BankApplication() {
    }

    /**
     * Starts serving logon alone over {@code ports}; logon state (challenges, pending logons,
     * sessions) is kept in memory and purged as {@link #start(ServerConfig, Issuer, IssuerConfig,
     * OperatorGuard, LogonState, BankMetrics, Clock)} does.
     */
    public static BankServer start(ServerConfig config, BankPorts ports, Clock clock) {
        LogonState state = new InMemoryLogonState(clock);
        LogonStores stores = state.stores(new InMemoryTotpStepLedger());
        BankServer server = BankServer.start(config, origin -> routes(
                logonService(origin, config, ports, stores, clock)));
        return purgedUntilStopped(server, state, config, clock);
    }

    /**
     * Starts serving the whole bank over {@code issuer}: logon (its ports adapted by
     * {@link IssuerPorts}), acquisition, account operations, CRL/OCSP and the back office. Logon
     * state is kept in memory ({@link InMemoryLogonState}): lost on restart.
     */
    public static BankServer start(ServerConfig config, Issuer issuer, IssuerConfig issuerConfig, OperatorGuard operators,
            Clock clock) {
        return start(config, issuer, issuerConfig, operators, new InMemoryLogonState(clock), BankMetrics.NONE, clock);
    }

    /**
     * The same, with logon's state (sessions, challenges, pending logons) in {@code state} (a
     * {@code JdbcLogonState} survives a restart and is shared by instances), purged of what has
     * ended or expired every {@link ServerConfig#purgeInterval()} until the server stops. Used
     * TOTP steps are always kept by the issuer. Logons, lockouts, issuances and token failures are
     * reported to {@code metrics}.
     */
    public static BankServer start(ServerConfig config, Issuer issuer, IssuerConfig issuerConfig, OperatorGuard operators,
            LogonState state, BankMetrics metrics, Clock clock) {
        IssuerPorts adapter = new IssuerPorts(issuer);
        BankPorts ports = adapter.ports();
        LogonStores stores = state.stores(adapter.totpSteps());
        var readiness = new Readiness(Map.of("database", issuer::checkDatabase, "ca-token", issuer::checkCaToken));
        BankServer server = BankServer.start(config, origin -> {
            LogonService logon = logonService(origin, config, ports, stores, clock);
            Router router = routes(logon, metrics);
            HealthApi.registerReadiness(router, readiness);
            IssuerRoutes.register(router, issuer, issuerConfig, operators, logon, metrics, clock);
            return router;
        });
        server.closeWith(readiness);
        return purgedUntilStopped(server, state, config, clock);
    }

    /** Nothing else deletes an abandoned session or an unanswered challenge: without this, the state grows without bound. */
    private static BankServer purgedUntilStopped(BankServer server, LogonState state, ServerConfig config, Clock clock) {
        server.closeWith(PurgeSchedule.start(config.purgeInterval(), () -> {
            LogonState.Purged purged = state.purge(clock.instant(), config.logon().sessions());
            if (purged.total() > 0) {
                LOG.debug("purged expired logon state: {}", purged);
            }
        }));
        return server;
    }

    /** The logon service for a server reachable at {@code origin}. */
    public static LogonService logonService(String origin, ServerConfig config, BankPorts ports, Clock clock) {
        return logonService(origin, config, ports, LogonStores.inMemory(clock), clock);
    }

    private static LogonService logonService(String origin, ServerConfig config, BankPorts ports, LogonStores stores,
            Clock clock) {
        return new LogonService(origin, config.logon(), ports, stores, new SecureRandom(), clock);
    }

    /** Health and the logon endpoints; the issuer's endpoints will be added beside them. */
    public static Router routes(LogonService logon) {
        return routes(logon, BankMetrics.NONE);
    }

    private static Router routes(LogonService logon, BankMetrics metrics) {
        var router = new Router().reportingTo(metrics);
        HealthApi.register(router);
        new LogonApi(logon, metrics).register(router);
        return router;
    }
}
