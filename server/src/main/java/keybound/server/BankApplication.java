package keybound.server;

import java.security.SecureRandom;
import java.time.Clock;
import keybound.logon.BankPorts;
import keybound.logon.LogonService;
import keybound.logon.LogonStores;
import keybound.server.api.Router;
import keybound.server.logon.LogonApi;

/** Puts the server together: routes for health and logon over the bank's ports. */
public final class BankApplication {

    private BankApplication() {
    }

    /** Starts serving; logon state (challenges, pending logons, sessions) is kept in memory. */
    public static BankServer start(ServerConfig config, BankPorts ports, Clock clock) {
        return BankServer.start(config, origin -> routes(origin, config, ports, clock));
    }

    static Router routes(String origin, ServerConfig config, BankPorts ports, Clock clock) {
        var logon = new LogonService(origin, config.logon(), ports, LogonStores.inMemory(clock), new SecureRandom(), clock);
        var router = new Router();
        HealthApi.register(router);
        new LogonApi(logon).register(router);
        return router;
    }
}
