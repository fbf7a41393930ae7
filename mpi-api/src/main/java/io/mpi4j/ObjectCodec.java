package io.mpi4j;

/**
 * Turns objects into bytes and back, for the object operations ({@code sendObject},
 * {@code bcastObject}, ...).
 *
 * <p>The default is {@link JavaSerializationCodec}, which handles any {@link java.io.Serializable}
 * object and applies an {@link java.io.ObjectInputFilter}. Plug a faster serializer with
 * {@link MpiOptions.Builder#codec(ObjectCodec)}. Every rank of a job must use compatible codecs.
 *
 * @implSpec Implementations must be thread-safe, and {@code decode(encode(x))} must return an
 *     object equal to {@code x} that shares no mutable state with it: an object sent is a copy.
 */
public interface ObjectCodec {
    /**
     * Encodes an object.
     *
     * @param value the object, possibly {@code null}
     * @return its encoding
     * @throws MpiException with {@link ErrorClass#ERR_ARG} if the object cannot be encoded
     */
    byte[] encode(Object value);

    /**
     * Decodes bytes produced by {@link #encode(Object)}.
     *
     * @param bytes the encoding
     * @param length the number of valid bytes at the start of {@code bytes}
     * @return the decoded object, possibly {@code null}
     * @throws MpiException with {@link ErrorClass#ERR_TYPE} if the bytes are not a valid encoding
     *     or are rejected by a filter
     */
    Object decode(byte[] bytes, int length);
}
