package io.mpi4j;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.util.Objects;

/**
 * The default {@link ObjectCodec}: Java serialization, with an {@link ObjectInputFilter} applied to
 * every decoded stream.
 *
 * <p>The filter is, in order of precedence: the one given to {@link #JavaSerializationCodec(
 * ObjectInputFilter, ClassLoader)}; the JVM-wide filter ({@code -Djdk.serialFilter=...}) if one is
 * set; else {@link #DEFAULT_LIMITS}, which accepts any class but bounds depth, references and array
 * sizes so that a corrupt or hostile stream cannot exhaust the stack.
 *
 * <p>Classes are resolved with the given class loader, or the thread's context class loader, so
 * that ranks launched with a class loader each (see the launcher) decode their own classes.
 */
public final class JavaSerializationCodec implements ObjectCodec {
    /** The resource limits applied when no other filter is configured. */
    public static final String DEFAULT_LIMITS = "maxdepth=1000;maxrefs=100000000";

    private static final ObjectInputFilter DEFAULT_FILTER = ObjectInputFilter.Config.createFilter(DEFAULT_LIMITS);

    private final ObjectInputFilter filter;
    private final ClassLoader loader;

    /** Creates a codec with the default filter and the thread's context class loader. */
    public JavaSerializationCodec() {
        this(null, null);
    }

    /**
     * Creates a codec with a filter.
     *
     * @param filter the filter for decoded streams; {@code null} for the default
     * @param loader the class loader that resolves classes; {@code null} for each decoding
     *     thread's context class loader
     */
    public JavaSerializationCodec(ObjectInputFilter filter, ClassLoader loader) {
        ObjectInputFilter jvmWide = ObjectInputFilter.Config.getSerialFilter();
        this.filter = filter != null ? filter
                : jvmWide != null ? jvmWide
                : DEFAULT_FILTER;
        this.loader = loader;
    }

    /**
     * Returns the filter applied when decoding.
     *
     * @return the filter
     */
    public ObjectInputFilter filter() {
        return filter;
    }

    @Override
    public byte[] encode(Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new MpiException(ErrorClass.ERR_ARG, "cannot serialize object of class "
                    + (value == null ? "null" : value.getClass().getName()) + ": " + e
                    + "; object messages must be Serializable (or configure another ObjectCodec)", e);
        }
        return bytes.toByteArray();
    }

    @Override
    public Object decode(byte[] bytes, int length) {
        Objects.checkFromIndexSize(0, length, bytes.length);
        ClassLoader cl = loader != null ? loader : Thread.currentThread().getContextClassLoader();
        // what the filter rejected, for the error: the stream's own exception says only "REJECTED"
        ObjectInputFilter.FilterInfo[] rejected = new ObjectInputFilter.FilterInfo[1];
        try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(bytes, 0, length), cl)) {
            in.setObjectInputFilter(info -> {
                ObjectInputFilter.Status status = filter.checkInput(info);
                if (status == ObjectInputFilter.Status.REJECTED && rejected[0] == null) {
                    rejected[0] = info;
                }
                return status;
            });
            return in.readObject();
        } catch (InvalidClassException e) {
            throw new MpiException(ErrorClass.ERR_TYPE, "object message rejected by the ObjectInputFilter"
                    + (rejected[0] == null ? "" : " at " + describe(rejected[0])) + ": " + e.getMessage(), e);
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            throw new MpiException(ErrorClass.ERR_TYPE, "cannot deserialize object message of " + length
                    + " bytes: " + e + "; was it sent with sendObject and the same codec?", e);
        }
    }

    /** What a filter was asked about: the class, if any, and the stream's figures the limits bound. */
    private static String describe(ObjectInputFilter.FilterInfo info) {
        Class<?> c = info.serialClass();
        String what = c == null ? "a reference or limit check" : "class " + c.getName()
                + (info.arrayLength() >= 0 ? " (array of " + info.arrayLength() + ")" : "");
        return what + " (depth " + info.depth() + ", " + info.references() + " references, " + info.streamBytes()
                + " bytes read)";
    }

    /** An object stream that resolves classes with a chosen loader. */
    private static final class LoaderObjectInputStream extends ObjectInputStream {
        private final ClassLoader loader;

        LoaderObjectInputStream(ByteArrayInputStream in, ClassLoader loader) throws IOException {
            super(in);
            this.loader = loader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            if (loader != null) {
                try {
                    return Class.forName(desc.getName(), false, loader);
                } catch (ClassNotFoundException e) {
                    // fall through to the default resolution (primitive types, platform classes)
                }
            }
            return super.resolveClass(desc);
        }
    }
}
