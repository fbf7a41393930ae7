/*
 * Blocking point-to-point (io.mpi4j.jni.BlockingP2p): MPI_Send/Ssend/Rsend and MPI_Recv called
 * directly, as a C program does, rather than MPI_Isend/MPI_Irecv followed by MPI_Wait. Open MPI
 * sends a small message from MPI_Send without allocating a request, and each extra call and
 * request costs on the latency path. Native memory comes through FFM downcalls, Java arrays
 * through JNI (see the entry points below).
 */
#include <jni.h>
#include <mpi.h>
#include "glue.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A size that every MPI library sends eagerly over shared memory and networks alike (Open MPI's
 * shared-memory eager limit is 4 KiB with its header, MPICH's larger). */
#define EAGER_BYTES 1024

/* Java's Mpi.ANY_SOURCE and Mpi.ANY_TAG. */
#define J_ANY -1

static int send_mode(const void *p, int count, int dest, int tag, MPI_Comm comm, int mode) {
    if (mpi4j_gated && (mode == 1 || count > EAGER_BYTES)) {
        /* with the gate (glue.h) a send that may wait for its receiver to post a receive lets other
         * threads in while it waits; a short standard or ready send goes eagerly and waits at most
         * for the peer's library to make room, which the peer's progress thread does at worst */
        MPI_Request r;
        int rc;
        switch (mode) {
            case 1: rc = MPI_Issend(p, count, MPI_BYTE, dest, tag, comm, &r); break;
            case 3: rc = MPI_Irsend(p, count, MPI_BYTE, dest, tag, comm, &r); break;
            default: rc = MPI_Isend(p, count, MPI_BYTE, dest, tag, comm, &r); break;
        }
        return rc == MPI_SUCCESS ? mpi4j_gate_wait(&r, MPI_STATUS_IGNORE) : rc;
    }
    switch (mode) {
        case 1: return MPI_Ssend(p, count, MPI_BYTE, dest, tag, comm);
        case 3: return MPI_Rsend(p, count, MPI_BYTE, dest, tag, comm);
        default: return MPI_Send(p, count, MPI_BYTE, dest, tag, comm);
    }
}

/*
 * Receives a matched message into buf when it fits; a longer one (or one without a byte count) is
 * received into scratch memory instead, buf keeps its contents and the result is MPI_ERR_TRUNCATE.
 */
static int receive_matched(MPI_Message *msg, int count, void *buf, int capacity, MPI_Status *st) {
    if (count != MPI_UNDEFINED && count <= capacity) {
        return MPI_Mrecv(buf, count, MPI_BYTE, msg, st);
    }
    void *scratch = malloc(count > 0 && count != MPI_UNDEFINED ? (size_t)count : 1);
    if (scratch == NULL) {
        return MPI_ERR_NO_MEM;
    }
    MPI_Status ignored;
    MPI_Mrecv(scratch, count == MPI_UNDEFINED ? 0 : count, MPI_BYTE, msg, &ignored);
    free(scratch);
    return MPI_ERR_TRUNCATE;
}

/*
 * A blocking receive of bytes. With guard, MPI_Mprobe comes first and the message reaches buf only if
 * it fits (receive_matched): needed where the library writes a truncated message past the buffer
 * (Open MPI 4 with its single-copy path, see truncation_overruns in mpi4jni.c). out = {source, tag,
 * bytes received (the message's length when truncated), error code}.
 */
static int recv_bytes(MPI_Comm comm, void *buf, int capacity, int source, int tag, int guard, int64_t *out) {
    MPI_Status st;
    memset(&st, 0, sizeof st);
    int src = source == J_ANY ? MPI_ANY_SOURCE : source;
    int tg = tag == J_ANY ? MPI_ANY_TAG : tag;
    int rc;
    int count = 0;
    if (guard) {
        MPI_Message msg;
        if (mpi4j_gated) {
            int flag = 0;
            while ((rc = MPI_Improbe(src, tg, comm, &flag, &msg, &st)) == MPI_SUCCESS && !flag) mpi4j_gate_step_aside();
        } else {
            rc = MPI_Mprobe(src, tg, comm, &msg, &st);
        }
        if (rc == MPI_SUCCESS) {
            if (MPI_Get_count(&st, MPI_BYTE, &count) != MPI_SUCCESS) {
                count = MPI_UNDEFINED;
            }
            rc = receive_matched(&msg, count, buf, capacity, &st);
        }
    } else {
        if (mpi4j_gated) {
            MPI_Request r;
            rc = MPI_Irecv(buf, capacity, MPI_BYTE, src, tg, comm, &r);
            if (rc == MPI_SUCCESS) rc = mpi4j_gate_wait(&r, &st);
            if (rc == MPI_ERR_IN_STATUS) rc = st.MPI_ERROR;
        } else {
            rc = MPI_Recv(buf, capacity, MPI_BYTE, src, tg, comm, &st);
        }
        if (MPI_Get_count(&st, MPI_BYTE, &count) != MPI_SUCCESS) {
            count = 0;
        }
    }
    out[0] = st.MPI_SOURCE;
    out[1] = st.MPI_TAG;
    out[2] = count == MPI_UNDEFINED ? 0 : count;
    out[3] = rc;
    return rc;
}

/*
 * The entry points of the downcalls (io.mpi4j.jni.Downcalls): plain C functions called through the
 * FFM API, whose transitions in and out of native code cost a fraction of a JNI call's (an 8-byte
 * ping-pong: 0.10 us a hop against 0.16 us through JNI, C 0.098 us). Native memory only, passed
 * by address like every buffer of the glue.
 */

/* mode: 0 standard, 1 synchronous, 3 ready. */
int mpi4j_send(int64_t comm, int64_t addr, int32_t bytes, int32_t dest, int32_t tag, int32_t mode) {
    GATED;
    return send_mode((const void *)(intptr_t)addr, bytes, dest, tag, (MPI_Comm)(intptr_t)comm, mode);
}

/* out: the address of native memory for {source, tag, bytes received, error code}. */
int mpi4j_recv(int64_t comm, int64_t addr, int32_t capacity, int32_t source, int32_t tag, int32_t guard, int64_t out) {
    GATED;
    return recv_bytes((MPI_Comm)(intptr_t)comm, (void *)(intptr_t)addr, capacity, source, tag, guard,
                      (int64_t *)(intptr_t)out);
}

/*
 * The JNI entry points: for Java arrays read or written in place (GetPrimitiveArrayCritical; the Java
 * side asks for that only under G1, which pins the array's region instead of holding off garbage
 * collection while MPI waits for the other side, JEP 423), and for native memory where the
 * downcalls are not available. With array != NULL the data is array[offset, offset + bytes).
 */

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniBlocking_send(JNIEnv *env, jclass c, jlong comm, jlong addr,
                                                          jobject array, jlong offset, jint bytes, jint dest,
                                                          jint tag, jint mode) {
    GATED;
    if (array == NULL) {
        return send_mode((void *)(intptr_t)addr, bytes, dest, tag, (MPI_Comm)(intptr_t)comm, mode);
    }
    char *base = (*env)->GetPrimitiveArrayCritical(env, (jarray)array, NULL);
    if (base == NULL) {
        return MPI_ERR_NO_MEM;
    }
    int rc = send_mode(base + offset, bytes, dest, tag, (MPI_Comm)(intptr_t)comm, mode);
    /* JNI_ABORT: the array was only read, nothing to copy back */
    (*env)->ReleasePrimitiveArrayCritical(env, (jarray)array, base, JNI_ABORT);
    return rc;
}

/* out = {source, tag, bytes received (the message's length when truncated), error code}. */
JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniBlocking_recv(JNIEnv *env, jclass c, jlong comm, jlong addr,
                                                          jobject array, jlong offset, jint capacity,
                                                          jint source, jint tag, jboolean guard, jlongArray out) {
    GATED;
    int64_t v[4] = {0, 0, 0, 0};
    int rc;
    if (array == NULL) {
        rc = recv_bytes((MPI_Comm)(intptr_t)comm, (void *)(intptr_t)addr, capacity, source, tag, guard, v);
    } else {
        char *base = (*env)->GetPrimitiveArrayCritical(env, (jarray)array, NULL);
        if (base == NULL) {
            rc = MPI_ERR_NO_MEM;
            v[3] = rc;
        } else {
            rc = recv_bytes((MPI_Comm)(intptr_t)comm, base + offset, capacity, source, tag, guard, v);
            (*env)->ReleasePrimitiveArrayCritical(env, (jarray)array, base, 0);
        }
    }
    jlong j[4] = {v[0], v[1], v[2], v[3]};
    (*env)->SetLongArrayRegion(env, out, 0, 4, j);
    return rc;
}
