/*
 * MPI derived datatypes for mpi4j derived datatypes (io.mpi4j.jni.JniTypes).
 *
 * Java builds one MPI datatype per mpi4j Datatype, from its constructor (TypeConstructor), bottom
 * up: every predefined mpi4j type is a contiguous run of MPI_BYTEs of its size, so the signature
 * of every type is bytes, the same as the contiguous messages of mpi4jni.c (which travel as
 * MPI_BYTE): a derived send matches a contiguous receive and the reverse, and statuses count
 * bytes with MPI_Get_elements_x(MPI_BYTE) on both paths. Every built type is then given the
 * bounds Java computed for it (JniTypes.fit): MPI's rules for the extent of a struct (alignment
 * padding) and for explicit bounds differ between libraries and from mpi4j's, and the element
 * stride must be the one the program's buffers were laid out with.
 *
 * Conventions as in mpi4jni.c: every function returns the MPI error code and writes its results
 * into a long[] "out"; handles travel as 64-bit integers (pointers in Open MPI, ints in MPICH).
 */
#include <jni.h>
#include <mpi.h>
#include "glue.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The handle conversions of mpi4jni.c (kept there as file-local macros). */
#define H2J(h) ((jlong)(intptr_t)(h))
#define J2TYPE(j) ((MPI_Datatype)(intptr_t)(j))
#define J2COMM(j) ((MPI_Comm)(intptr_t)(j))
#define J2MSG(j) ((MPI_Message)(intptr_t)(j))

/* Java's Mpi.ANY_SOURCE and Mpi.ANY_TAG. */
#define J_ANY -1

/* Writes the new type to out. Callers call MPI first and then done(): the order in which C
 * evaluates arguments is unspecified, so done(env, out, MPI_Type_x(..., &t), t) may read t before
 * MPI has written it. */
static jint done(JNIEnv *env, jlongArray out, int rc, MPI_Datatype t) {
    jlong v[1] = {rc == MPI_SUCCESS ? H2J(t) : 0};
    (*env)->SetLongArrayRegion(env, out, 0, 1, v);
    return rc;
}

/* MPI takes int[] and MPI_Aint[]: Java's int[] is int, its long[] is copied into MPI_Aint. */
static MPI_Aint *aints(JNIEnv *env, jlongArray a, jsize n) {
    MPI_Aint *r = malloc(sizeof(MPI_Aint) * (n > 0 ? n : 1));
    if (r == NULL) return NULL;
    jlong *v = (*env)->GetLongArrayElements(env, a, NULL);
    for (jsize i = 0; i < n; i++) r[i] = (MPI_Aint)v[i];
    (*env)->ReleaseLongArrayElements(env, a, v, JNI_ABORT);
    return r;
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniTypes_bytes(JNIEnv *env, jclass c, jint size, jlongArray out) {
    GATED;
    MPI_Datatype t = MPI_DATATYPE_NULL;
    int rc = MPI_Type_contiguous(size, MPI_BYTE, &t);
    return done(env, out, rc, t);
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniTypes_contiguous(JNIEnv *env, jclass c, jint count, jlong old, jlongArray out) {
    GATED;
    MPI_Datatype t = MPI_DATATYPE_NULL;
    int rc = MPI_Type_contiguous(count, J2TYPE(old), &t);
    return done(env, out, rc, t);
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniTypes_vector(JNIEnv *env, jclass c, jint count, jint blocklength, jint stride,
                                                          jlong old, jlongArray out) {
    GATED;
    MPI_Datatype t = MPI_DATATYPE_NULL;
    int rc = MPI_Type_vector(count, blocklength, stride, J2TYPE(old), &t);
    return done(env, out, rc, t);
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniTypes_hvector(JNIEnv *env, jclass c, jint count, jint blocklength, jlong stride,
                                                           jlong old, jlongArray out) {
    GATED;
    MPI_Datatype t = MPI_DATATYPE_NULL;
    int rc = MPI_Type_create_hvector(count, blocklength, (MPI_Aint)stride, J2TYPE(old), &t);
    return done(env, out, rc, t);
}

/* MPI_Type_indexed, or with byteDispls MPI_Type_create_hindexed (displacements from the long[]). */
JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniTypes_indexed(JNIEnv *env, jclass c, jintArray blocklengths, jintArray displs,
                                                           jlongArray byteDispls, jlong old, jlongArray out) {
    GATED;
    jsize n = (*env)->GetArrayLength(env, blocklengths);
    MPI_Datatype t = MPI_DATATYPE_NULL;
    jint *b = (*env)->GetIntArrayElements(env, blocklengths, NULL);
    int rc;
    if (byteDispls != NULL) {
        MPI_Aint *d = aints(env, byteDispls, n);
        rc = d == NULL ? MPI_ERR_NO_MEM : MPI_Type_create_hindexed(n, (int *)b, d, J2TYPE(old), &t);
        free(d);
    } else {
        jint *d = (*env)->GetIntArrayElements(env, displs, NULL);
        rc = MPI_Type_indexed(n, (int *)b, (int *)d, J2TYPE(old), &t);
        (*env)->ReleaseIntArrayElements(env, displs, d, JNI_ABORT);
    }
    (*env)->ReleaseIntArrayElements(env, blocklengths, b, JNI_ABORT);
    return done(env, out, rc, t);
}

/* MPI_Type_create_indexed_block, or with byteDispls MPI_Type_create_hindexed_block. */
JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniTypes_indexedBlock(JNIEnv *env, jclass c, jint blocklength, jintArray displs,
                                                                jlongArray byteDispls, jlong old, jlongArray out) {
    GATED;
    MPI_Datatype t = MPI_DATATYPE_NULL;
    int rc;
    if (byteDispls != NULL) {
        jsize n = (*env)->GetArrayLength(env, byteDispls);
        MPI_Aint *d = aints(env, byteDispls, n);
        rc = d == NULL ? MPI_ERR_NO_MEM : MPI_Type_create_hindexed_block(n, blocklength, d, J2TYPE(old), &t);
        free(d);
    } else {
        jsize n = (*env)->GetArrayLength(env, displs);
        jint *d = (*env)->GetIntArrayElements(env, displs, NULL);
        rc = MPI_Type_create_indexed_block(n, blocklength, (int *)d, J2TYPE(old), &t);
        (*env)->ReleaseIntArrayElements(env, displs, d, JNI_ABORT);
    }
    return done(env, out, rc, t);
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniTypes_struct(JNIEnv *env, jclass c, jintArray blocklengths, jlongArray displs,
                                                          jlongArray types, jlongArray out) {
    GATED;
    jsize n = (*env)->GetArrayLength(env, blocklengths);
    MPI_Datatype t = MPI_DATATYPE_NULL;
    MPI_Aint *d = aints(env, displs, n);
    MPI_Datatype *ts = malloc(sizeof(MPI_Datatype) * (n > 0 ? n : 1));
    int rc = MPI_ERR_NO_MEM;
    if (d != NULL && ts != NULL) {
        jlong *h = (*env)->GetLongArrayElements(env, types, NULL);
        for (jsize i = 0; i < n; i++) ts[i] = J2TYPE(h[i]);
        (*env)->ReleaseLongArrayElements(env, types, h, JNI_ABORT);
        jint *b = (*env)->GetIntArrayElements(env, blocklengths, NULL);
        rc = MPI_Type_create_struct(n, (int *)b, d, ts, &t);
        (*env)->ReleaseIntArrayElements(env, blocklengths, b, JNI_ABORT);
    }
    free(d);
    free(ts);
    return done(env, out, rc, t);
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniTypes_subarray(JNIEnv *env, jclass c, jintArray sizes, jintArray subsizes,
                                                            jintArray starts, jboolean fortran, jlong old, jlongArray out) {
    GATED;
    jsize n = (*env)->GetArrayLength(env, sizes);
    MPI_Datatype t = MPI_DATATYPE_NULL;
    jint *s = (*env)->GetIntArrayElements(env, sizes, NULL);
    jint *u = (*env)->GetIntArrayElements(env, subsizes, NULL);
    jint *a = (*env)->GetIntArrayElements(env, starts, NULL);
    int rc = MPI_Type_create_subarray(n, (int *)s, (int *)u, (int *)a, fortran ? MPI_ORDER_FORTRAN : MPI_ORDER_C,
                                      J2TYPE(old), &t);
    (*env)->ReleaseIntArrayElements(env, starts, a, JNI_ABORT);
    (*env)->ReleaseIntArrayElements(env, subsizes, u, JNI_ABORT);
    (*env)->ReleaseIntArrayElements(env, sizes, s, JNI_ABORT);
    return done(env, out, rc, t);
}

/* distribs: Java's Datatype.Distribution ordinals (BLOCK, CYCLIC, NONE); dargs: -1 is the default. */
JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniTypes_darray(JNIEnv *env, jclass c, jint size, jint rank, jintArray gsizes,
                                                          jintArray distribs, jintArray dargs, jintArray psizes,
                                                          jboolean fortran, jlong old, jlongArray out) {
    GATED;
    jsize n = (*env)->GetArrayLength(env, gsizes);
    MPI_Datatype t = MPI_DATATYPE_NULL;
    int *dist = malloc(sizeof(int) * (n > 0 ? n : 1));
    int *darg = malloc(sizeof(int) * (n > 0 ? n : 1));
    int rc = MPI_ERR_NO_MEM;
    if (dist != NULL && darg != NULL) {
        jint *g = (*env)->GetIntArrayElements(env, gsizes, NULL);
        jint *d = (*env)->GetIntArrayElements(env, distribs, NULL);
        jint *a = (*env)->GetIntArrayElements(env, dargs, NULL);
        jint *p = (*env)->GetIntArrayElements(env, psizes, NULL);
        for (jsize i = 0; i < n; i++) {
            dist[i] = d[i] == 0 ? MPI_DISTRIBUTE_BLOCK : d[i] == 1 ? MPI_DISTRIBUTE_CYCLIC : MPI_DISTRIBUTE_NONE;
            darg[i] = a[i] == -1 ? MPI_DISTRIBUTE_DFLT_DARG : a[i];
        }
        rc = MPI_Type_create_darray(size, rank, n, (int *)g, dist, darg, (int *)p,
                                    fortran ? MPI_ORDER_FORTRAN : MPI_ORDER_C, J2TYPE(old), &t);
        (*env)->ReleaseIntArrayElements(env, psizes, p, JNI_ABORT);
        (*env)->ReleaseIntArrayElements(env, dargs, a, JNI_ABORT);
        (*env)->ReleaseIntArrayElements(env, distribs, d, JNI_ABORT);
        (*env)->ReleaseIntArrayElements(env, gsizes, g, JNI_ABORT);
    }
    free(dist);
    free(darg);
    return done(env, out, rc, t);
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniTypes_resized(JNIEnv *env, jclass c, jlong old, jlong lb, jlong extent, jlongArray out) {
    GATED;
    MPI_Datatype t = MPI_DATATYPE_NULL;
    int rc = MPI_Type_create_resized(J2TYPE(old), (MPI_Aint)lb, (MPI_Aint)extent, &t);
    return done(env, out, rc, t);
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniTypes_dup(JNIEnv *env, jclass c, jlong old, jlongArray out) {
    GATED;
    MPI_Datatype t = MPI_DATATYPE_NULL;
    int rc = MPI_Type_dup(J2TYPE(old), &t);
    return done(env, out, rc, t);
}

/*
 * Gives a built type mpi4j's bounds and commits it. If MPI's lower bound or extent differ from
 * Java's (struct padding, explicit bounds), the type is replaced by a resized copy and the
 * original freed (MPI keeps what the copy needs). A struct with an empty member (a zero-count
 * type, whose displacement sets a bound) is resized even where the bounds agree: Open MPI 4.1
 * reports the right extent for it but moves count > 1 elements of the committed struct as if
 * they were end to end (C: struct {short at 0; contiguous(0, byte) at 10}, two elements sent as
 * bytes 0-3 instead of 0-1 and 10-11; the resized copy moves them right). out = {the committed
 * handle}.
 */
JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniTypes_fit(JNIEnv *env, jclass c, jlong type, jlong lb, jlong extent,
                                                      jboolean pinBounds, jlongArray out) {
    GATED;
    MPI_Datatype t = J2TYPE(type);
    MPI_Aint l = 0, e = 0;
    int rc = MPI_Type_get_extent(t, &l, &e);
    if (rc == MPI_SUCCESS && (pinBounds || l != (MPI_Aint)lb || e != (MPI_Aint)extent)) {
        MPI_Datatype r = MPI_DATATYPE_NULL;
        rc = MPI_Type_create_resized(t, (MPI_Aint)lb, (MPI_Aint)extent, &r);
        if (rc == MPI_SUCCESS) {
            MPI_Type_free(&t);
            t = r;
        }
    }
    if (rc == MPI_SUCCESS) rc = MPI_Type_commit(&t);
    return done(env, out, rc, t);
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniTypes_free(JNIEnv *env, jclass c, jlong type) {
    GATED;
    MPI_Datatype t = J2TYPE(type);
    return MPI_Type_free(&t);
}

/* out = {size, lb, extent, true lb, true extent}: MPI's own view, for checks against Java's. */
JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniTypes_describe(JNIEnv *env, jclass c, jlong type, jlongArray out) {
    GATED;
    MPI_Count size = 0, lb = 0, extent = 0, tlb = 0, textent = 0;
    int rc = MPI_Type_size_x(J2TYPE(type), &size);
    if (rc == MPI_SUCCESS) rc = MPI_Type_get_extent_x(J2TYPE(type), &lb, &extent);
    if (rc == MPI_SUCCESS) rc = MPI_Type_get_true_extent_x(J2TYPE(type), &tlb, &textent);
    jlong v[5] = {size, lb, extent, tlb, textent};
    (*env)->SetLongArrayRegion(env, out, 0, 5, v);
    return rc;
}

/* ---- point-to-point ------------------------------------------------------------------------ */

/*
 * count elements of type, as MPI's int count can say it: up to INT32_MAX as they are; beyond, one
 * element of a struct of whole chunks of 2^30 elements then the rest, the chunks a contiguous type
 * (extent: 2^30 extents of the type), so that consecutive elements stay one extent apart.
 */
typedef struct {
    int count;
    MPI_Datatype type;
    int made;
} counted_t;

static int counted(jlong count, MPI_Datatype type, counted_t *s) {
    s->made = 0;
    s->type = type;
    if (count < 0) return MPI_ERR_COUNT;
    if (count <= INT32_MAX) {
        s->count = (int)count;
        return MPI_SUCCESS;
    }
    const jlong chunk = (jlong)1 << 30;
    MPI_Aint lb = 0, extent = 0;
    int rc = MPI_Type_get_extent(type, &lb, &extent);
    MPI_Datatype block = MPI_DATATYPE_NULL;
    if (rc == MPI_SUCCESS) rc = MPI_Type_contiguous((int)chunk, type, &block);
    if (rc != MPI_SUCCESS) return rc;
    int lens[2] = {(int)(count / chunk), (int)(count % chunk)};
    MPI_Aint displs[2] = {0, (MPI_Aint)lens[0] * (MPI_Aint)chunk * extent};
    MPI_Datatype types[2] = {block, type};
    rc = MPI_Type_create_struct(2, lens, displs, types, &s->type);
    MPI_Type_free(&block);
    if (rc == MPI_SUCCESS) rc = MPI_Type_commit(&s->type);
    if (rc != MPI_SUCCESS) return rc;
    s->count = 1;
    s->made = 1;
    return MPI_SUCCESS;
}

/* Once the operation has started the type can go: MPI keeps it until the operation completes. */
static void counted_free(counted_t *s) {
    if (s->made) MPI_Type_free(&s->type);
}

static void put_request(JNIEnv *env, jlongArray out, MPI_Request r) {
    jlong v[1] = {H2J(r)};
    (*env)->SetLongArrayRegion(env, out, 0, 1, v);
}

/* mode: 0 standard, 1 synchronous, 2 buffered, 3 ready (as Jni.isend). */
JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniTypes_isend(JNIEnv *env, jclass c, jlong comm, jlong addr, jlong count, jlong type,
                                                         jint dest, jint tag, jint mode, jlongArray out) {
    GATED;
    counted_t n;
    int rc = counted(count, J2TYPE(type), &n);
    if (rc) return rc;
    MPI_Request r = MPI_REQUEST_NULL;
    void *p = (void *)(intptr_t)addr;
    switch (mode) {
        case 1: rc = MPI_Issend(p, n.count, n.type, dest, tag, J2COMM(comm), &r); break;
        case 2: rc = MPI_Ibsend(p, n.count, n.type, dest, tag, J2COMM(comm), &r); break;
        case 3: rc = MPI_Irsend(p, n.count, n.type, dest, tag, J2COMM(comm), &r); break;
        default: rc = MPI_Isend(p, n.count, n.type, dest, tag, J2COMM(comm), &r); break;
    }
    counted_free(&n);
    put_request(env, out, r);
    return rc;
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniTypes_irecv(JNIEnv *env, jclass c, jlong comm, jlong addr, jlong count, jlong type,
                                                         jint source, jint tag, jlongArray out) {
    GATED;
    counted_t n;
    int rc = counted(count, J2TYPE(type), &n);
    if (rc) return rc;
    MPI_Request r = MPI_REQUEST_NULL;
    rc = MPI_Irecv((void *)(intptr_t)addr, n.count, n.type, source == J_ANY ? MPI_ANY_SOURCE : source,
                   tag == J_ANY ? MPI_ANY_TAG : tag, J2COMM(comm), &r);
    counted_free(&n);
    put_request(env, out, r);
    return rc;
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniTypes_imrecv(JNIEnv *env, jclass c, jlong msg, jlong addr, jlong count, jlong type,
                                                          jlongArray out) {
    GATED;
    counted_t n;
    int rc = counted(count, J2TYPE(type), &n);
    if (rc) return rc;
    MPI_Message m = J2MSG(msg);
    MPI_Request r = MPI_REQUEST_NULL;
    rc = MPI_Imrecv((void *)(intptr_t)addr, n.count, n.type, &m, &r);
    counted_free(&n);
    put_request(env, out, r);
    return rc;
}

/* ---- staging of heap arrays ---------------------------------------------------------------- */

/*
 * Copies the data of count elements of type from staged native memory back into a Java array
 * laid out the same way (origin at byte offset off), and nothing else: the gaps between the data
 * may belong to other operations in flight (two receives into the columns of one matrix), so
 * copying the whole staged span back could undo what another one wrote. MPI_Pack, then
 * MPI_Unpack into the array, in batches of elements whose data fits an int count of bytes.
 */
JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniTypes_copyOut(JNIEnv *env, jclass c, jlong from, jobject array, jlong off,
                                                           jlong count, jlong type) {
    GATED;
    MPI_Datatype t = J2TYPE(type);
    int size = 0;
    MPI_Aint lb = 0, extent = 0;
    int rc = MPI_Type_size(t, &size);
    if (rc == MPI_SUCCESS) rc = MPI_Type_get_extent(t, &lb, &extent);
    if (rc != MPI_SUCCESS) return rc;
    if (size == MPI_UNDEFINED || size <= 0 || count <= 0) return size == MPI_UNDEFINED ? MPI_ERR_COUNT : MPI_SUCCESS;
    const jlong cap = (jlong)1 << 30;
    jlong batch = size >= cap ? 1 : cap / size;
    if (batch > count) batch = count;
    int packed = 0;
    rc = MPI_Pack_size((int)batch, t, MPI_COMM_SELF, &packed);
    if (rc != MPI_SUCCESS) return rc;
    char *tmp = malloc(packed > 0 ? (size_t)packed : 1);
    if (tmp == NULL) return MPI_ERR_NO_MEM;
    char *src = (char *)(intptr_t)from;
    char *a = (*env)->GetPrimitiveArrayCritical(env, array, NULL);
    char *dst = a + off;
    for (jlong i = 0; i < count && rc == MPI_SUCCESS; i += batch) {
        int k = (int)(count - i < batch ? count - i : batch);
        int pos = 0;
        rc = MPI_Pack(src + i * extent, k, t, tmp, packed, &pos, MPI_COMM_SELF);
        int in = 0;
        if (rc == MPI_SUCCESS) rc = MPI_Unpack(tmp, pos, &in, dst + i * extent, k, t, MPI_COMM_SELF);
    }
    (*env)->ReleasePrimitiveArrayCritical(env, array, a, 0);
    free(tmp);
    return rc;
}
