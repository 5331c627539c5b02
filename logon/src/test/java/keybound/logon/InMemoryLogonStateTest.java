package keybound.logon;

/** The in-memory state meets the purge contract the registry database's state meets. */
class InMemoryLogonStateTest extends LogonStatePurgeContract {

    @Override
    protected LogonState newState() {
        return new InMemoryLogonState(clock);
    }
}
