package keybound.applet;

/**
 * The applet's APDU protocol: instruction bytes, parameters and status words, shared by the
 * applet and the host. Primitive constants only, so that javac inlines them on both sides.
 */
public final class Protocol {
    private Protocol() {
    }
}
