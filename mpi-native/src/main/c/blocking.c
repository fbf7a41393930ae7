/*
 * Blocking point-to-point (io.mpi4j.jni.JniBlocking): MPI_Send/Ssend/Rsend and MPI_Recv called
 * directly, as a C program does, rather than MPI_Isend/MPI_Irecv followed by MPI_Wait. Open MPI
 * sends a small message from MPI_Send without allocating a request, and each extra call and
 * request costs on the latency path (BlockingP2p.java).
 *
 * A send may read a Java array in place (GetPrimitiveArrayCritical) instead of a native copy: the
 * Java side asks for that only under G1, which pins the array's region instead of holding off
 * garbage collection while MPI_Send waits for its receiver (JEP 423).
 */
#include <jni.h>
#include <mpi.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Java's Mpi.ANY_SOURCE and Mpi.ANY_TAG. */
#define J_ANY -1

static int send_mode(void *p, int count, int dest, int tag, MPI_Comm comm, jint mode) {
    switch (mode) {
        case 1: return MPI_Ssend(p, count, MPI_BYTE, dest, tag, comm);
        case 3: return MPI_Rsend(p, count, MPI_BYTE, dest, tag, comm);
        default: return MPI_Send(p, count, MPI_BYTE, dest, tag, comm);
    }
}

/* mode: 0 standard, 1 synchronous, 3 ready. With array != NULL the data is array[offset, offset + bytes). */
JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniBlocking_send(JNIEnv *env, jclass c, jlong comm, jlong addr,
                                                          jobject array, jlong offset, jint bytes, jint dest,
                                                          jint tag, jint mode) {
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

/* out = {source, tag, bytes received, error code}; returns the error code of MPI_Recv. */
JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniBlocking_recv(JNIEnv *env, jclass c, jlong comm, jlong addr, jint bytes,
                                                          jint source, jint tag, jlongArray out) {
    MPI_Status st;
    memset(&st, 0, sizeof st);
    int rc = MPI_Recv((void *)(intptr_t)addr, bytes, MPI_BYTE, source == J_ANY ? MPI_ANY_SOURCE : source,
                      tag == J_ANY ? MPI_ANY_TAG : tag, (MPI_Comm)(intptr_t)comm, &st);
    int count = 0;
    if (MPI_Get_count(&st, MPI_BYTE, &count) != MPI_SUCCESS || count == MPI_UNDEFINED) {
        count = 0;
    }
    jlong v[4] = {st.MPI_SOURCE, st.MPI_TAG, count, rc};
    (*env)->SetLongArrayRegion(env, out, 0, 4, v);
    return rc;
}

/*
 * MPI_Mprobe, then MPI_Mrecv into the buffer when the message fits: native memory at addr, or a
 * Java array read in place (pinned, as for send) when array != NULL. The probe comes first because
 * Open MPI 4.1.4 writes past the receive buffer when a message of 16 KiB or more is truncated: a
 * message that does not fit is received into native scratch memory instead, the buffer keeps its
 * contents and the call reports MPI_ERR_TRUNCATE. out = {source, tag, bytes received (the message's
 * length when truncated), error code}.
 */
JNIEXPORT jint JNICALL Java_io_mpi4j_jni_JniBlocking_recvProbed(JNIEnv *env, jclass c, jlong comm, jlong addr,
                                                                jobject array, jlong offset, jint capacity,
                                                                jint source, jint tag, jlongArray out) {
    MPI_Message msg;
    MPI_Status st;
    memset(&st, 0, sizeof st);
    int rc = MPI_Mprobe(source == J_ANY ? MPI_ANY_SOURCE : source, tag == J_ANY ? MPI_ANY_TAG : tag,
                        (MPI_Comm)(intptr_t)comm, &msg, &st);
    int count = 0;
    if (rc == MPI_SUCCESS) {
        rc = MPI_Get_count(&st, MPI_BYTE, &count);
    }
    if (rc == MPI_SUCCESS && count != MPI_UNDEFINED && count <= capacity) {
        if (array == NULL) {
            rc = MPI_Mrecv((void *)(intptr_t)addr, count, MPI_BYTE, &msg, &st);
        } else {
            char *base = (*env)->GetPrimitiveArrayCritical(env, (jarray)array, NULL);
            if (base == NULL) {
                rc = MPI_ERR_NO_MEM;
            } else {
                rc = MPI_Mrecv(base + offset, count, MPI_BYTE, &msg, &st);
                (*env)->ReleasePrimitiveArrayCritical(env, (jarray)array, base, 0);
            }
        }
    } else if (rc == MPI_SUCCESS) {
        /* too long (or uncountable): take it off the queue whole, keep the buffer as it was */
        void *scratch = malloc(count > 0 && count != MPI_UNDEFINED ? (size_t)count : 1);
        if (scratch == NULL) {
            rc = MPI_ERR_NO_MEM;
        } else {
            MPI_Status ignored;
            MPI_Mrecv(scratch, count == MPI_UNDEFINED ? 0 : count, MPI_BYTE, &msg, &ignored);
            free(scratch);
            rc = MPI_ERR_TRUNCATE;
        }
    }
    jlong v[4] = {st.MPI_SOURCE, st.MPI_TAG, count == MPI_UNDEFINED ? 0 : count, rc};
    (*env)->SetLongArrayRegion(env, out, 0, 4, v);
    return rc;
}
