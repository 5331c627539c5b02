package keybound.bench;

/** One way of signing with a key on the token; each thread gets its own {@link Signer}. */
interface SignPath extends AutoCloseable {

    /** Signs one message; returns the signature in the form JCA produces (DER for ECDSA). */
    interface Signer {
        byte[] sign(byte[] data) throws Exception;

        /** The harness closes each signer once its threads are done. */
        void close() throws Exception;
    }

    String name();

    Signer newSigner() throws Exception;

    @Override
    default void close() {
    }
}
