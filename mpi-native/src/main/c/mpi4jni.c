/*
 * JNI glue of the mpi4j native provider (io.mpi4j.jni.Jni).
 *
 * The shim: MPI handles (MPI_Comm, MPI_Request, MPI_Message) are pointers in Open MPI and ints in
 * MPICH; both travel through Java as 64-bit integers (H2J / J2x below). Constants (MPI_ANY_SOURCE,
 * MPI_IN_PLACE, datatypes, ops, error classes) are resolved here, never in Java, so one Java side
 * serves both ABIs. Java passes buffers as native addresses (zero copy for direct buffers and native
 * segments; heap arrays are staged by the Java side with stageIn/stageOut).
 *
 * Conventions: every function returns the MPI error code (0 = MPI_SUCCESS) and writes its results
 * into a long[] "out" array supplied by the caller.
 */
#include <jni.h>
#include <mpi.h>
#include "glue.h"
#include <dlfcn.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define H2J(h) ((jlong)(intptr_t)(h))
#define J2COMM(j) ((MPI_Comm)(intptr_t)(j))
#define J2REQ(j) ((MPI_Request)(intptr_t)(j))
#define J2MSG(j) ((MPI_Message)(intptr_t)(j))
#define PTR(a) ((a) == -1 ? MPI_IN_PLACE : (void *)(intptr_t)(a))
#define IPTR(a) ((int *)(intptr_t)(a))

/* Java's Mpi.ANY_SOURCE and Mpi.ANY_TAG. */
#define J_ANY -1

static int src_of(jint s) { return s == J_ANY ? MPI_ANY_SOURCE : s; }
static int tag_of(jint t) { return t == J_ANY ? MPI_ANY_TAG : t; }

static void put(JNIEnv *env, jlongArray out, jsize n, const jlong *v) {
    (*env)->SetLongArrayRegion(env, out, 0, n, v);
}

/* ---- library loading --------------------------------------------------------------------- */

/*
 * The JVM loads this library with RTLD_LOCAL, so libmpi's symbols are not global and Open MPI's
 * dlopen'ed components (mca_*.so) could not resolve them. Promote libmpi to RTLD_GLOBAL, as
 * mpi4py does.
 */
static void reclaim_error_signals(void);

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved) {
    Dl_info info;
    if (dladdr((void *)&MPI_Init_thread, &info) && info.dli_fname != NULL) {
        dlopen(info.dli_fname, RTLD_NOW | RTLD_GLOBAL | RTLD_NOLOAD);
    }
    reclaim_error_signals();
    return JNI_VERSION_1_8;
}

/* ---- environment ------------------------------------------------------------------------- */

/* Signals the JVM itself relies on (implicit null checks, stack banging, safepoints, its own
 * suspend/resume and crash handling). MPI stacks install handlers for some of them in
 * MPI_Init (Open MPI's opal_signal, UCX error signals); the JVM's are put back afterwards. */
static const int jvm_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGPIPE, SIGXFSZ, SIGUSR2, SIGTRAP, SIGQUIT};
#define N_JVM_SIGNALS ((int)(sizeof jvm_signals / sizeof jvm_signals[0]))

static int in_libjvm(const struct sigaction *sa) {
    Dl_info info;
    void *h = (sa->sa_flags & SA_SIGINFO) ? (void *)sa->sa_sigaction : (void *)sa->sa_handler;
    return h != NULL && dladdr(h, &info) && info.dli_fname != NULL && strstr(info.dli_fname, "libjvm") != NULL;
}

/*
 * A library linked against libucs (MPICH's ch4:ucx links it directly; Open MPI loads UCX only in
 * MPI_Init) installs UCX's error handlers for SIGSEGV, SIGBUS, SIGILL and SIGFPE in libucs's
 * constructor, that is when the JVM loads this library and before anything here runs, unless
 * UCX_ERROR_SIGNALS is empty in the environment the process started with. The JVM relies on
 * SIGSEGV for implicit null checks and safepoint polls; under UCX's handler a 16-rank TCK job died
 * with a SIGSEGV re-raised by tgkill in JIT-compiled code. HotSpot installs one handler function
 * for all of its signals, so where these four no longer belong to libjvm but SIGPIPE's still does,
 * they get SIGPIPE's action back.
 */
static void reclaim_error_signals(void) {
    struct sigaction jvm;
    if (sigaction(SIGPIPE, NULL, &jvm) != 0 || !in_libjvm(&jvm)) return;
    const int error_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE};
    for (int i = 0; i < 4; i++) {
        struct sigaction now;
        if (sigaction(error_signals[i], NULL, &now) == 0 && !in_libjvm(&now)) sigaction(error_signals[i], &jvm, NULL);
    }
}

/* Whether a truncated receive may write past its buffer: Open MPI 4 with its single-copy path on. */
static int truncation_overruns(void) {
#if defined(OPEN_MPI) && OMPI_MAJOR_VERSION < 5
    const char *mechanism = getenv("OMPI_MCA_btl_vader_single_copy_mechanism");
    return mechanism == NULL || strcmp(mechanism, "none") != 0;
#else
    return 0;
#endif
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_Jni_init(JNIEnv *env, jclass c, jint required, jlongArray out) {
    int flag = 0;
    MPI_Initialized(&flag);
    int provided = MPI_THREAD_SINGLE;
    int rc = MPI_SUCCESS;
    if (!flag) {
        /* Defaults that keep the MPI stack off the JVM's signals; a user's own setting wins. */
        setenv("OMPI_MCA_opal_signal", "", 0);
        /* Only where UCX is not loaded yet (Open MPI loads it in MPI_Init): a libucs loaded with this
         * library (MPICH's ch4:ucx) read its settings then, JNI_OnLoad took the signals back, and
         * setting them now would only make UCX warn about unused variables. */
        void *ucs = dlopen("libucs.so.0", RTLD_NOW | RTLD_NOLOAD);
        if (ucs == NULL) {
            setenv("UCX_ERROR_SIGNALS", "", 0);
            setenv("UCX_HANDLE_ERRORS", "none", 0);
        } else {
            dlclose(ucs);
        }
#if defined(OPEN_MPI) && OMPI_MAJOR_VERSION < 5
        /* Open MPI 4's shared-memory single-copy path (CMA) writes the whole of a message longer
         * than the eager limit (4 KiB) past a receive buffer that is too small for it, in MPI_Recv
         * and MPI_Irecv alike (reproduced in C with 4.1.4): into the Java heap or a segment's
         * neighbours. Without it the shared-memory BTL copies through its own buffers, respects
         * the receive buffer and reports MPI_ERR_TRUNCATE. A user's own setting wins, and then
         * blocking receives probe first (truncation_overruns). */
        setenv("OMPI_MCA_btl_vader_single_copy_mechanism", "none", 0);
#endif
        struct sigaction saved[N_JVM_SIGNALS];
        for (int i = 0; i < N_JVM_SIGNALS; i++) sigaction(jvm_signals[i], NULL, &saved[i]);
        /* Below MULTIPLE the provider serializes its own threads' calls with the program's (the
         * gate, glue.h), so MPI itself needs no more than one caller at a time: Open MPI 4 takes
         * its locks at every level above MPI_THREAD_SINGLE (measured in C: SERIALIZED and FUNNELED
         * cost as much as MULTIPLE), while MPICH keys its single-caller mode on SERIALIZED and
         * UCX, below it, expects one thread at SINGLE. */
#if defined(OPEN_MPI)
        int serialized = MPI_THREAD_SINGLE;
#else
        int serialized = MPI_THREAD_SERIALIZED;
#endif
        rc = MPI_Init_thread(NULL, NULL, required >= 3 ? MPI_THREAD_MULTIPLE : serialized, &provided);
        for (int i = 0; i < N_JVM_SIGNALS; i++) sigaction(jvm_signals[i], &saved[i], NULL);
        if (rc != MPI_SUCCESS) return rc;
    } else {
        MPI_Query_thread(&provided);
    }
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_set_errhandler(MPI_COMM_SELF, MPI_ERRORS_RETURN);
    /* The level the program gets: MULTIPLE where MPI gives it, else (the gate on) the level the
     * program asked for, at most SERIALIZED, which the gate provides whatever MPI's own level. */
    int level;
    if (provided == MPI_THREAD_MULTIPLE) {
        level = 3;
    } else {
        mpi4j_gated = 1;
        level = required < 2 ? required : 2;
    }
    void *ub = NULL;
    int ubflag = 0;
    MPI_Comm_get_attr(MPI_COMM_WORLD, MPI_TAG_UB, &ub, &ubflag);
    jlong v[5] = {level, H2J(MPI_COMM_WORLD), H2J(MPI_COMM_SELF), ubflag ? *(int *)ub : 32767,
                  truncation_overruns()};
    put(env, out, 5, v);
    return MPI_SUCCESS;
}

JNIEXPORT jboolean JNICALL Java_io_mpi4j_jni_Jni_favorGate(JNIEnv *env, jclass c) {
    return mpi4j_gate_favor() ? JNI_TRUE : JNI_FALSE;
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_Jni_finalizeMpi(JNIEnv *env, jclass c) {
    GATED;
    int flag = 0;
    MPI_Finalized(&flag);
    if (flag) return MPI_SUCCESS;
    int rc = MPI_Finalize();
    /* With the gate on, it stays taken for good: a provider thread that was still waiting for it
     * (the progress thread, when another thread kept the gate past close's wait for it) must not
     * call a finalized MPI; it waits, a daemon, until the JVM exits. */
    if (mpi4j_gated) mpi4j_gate_enter();
    return rc;
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_Jni_abort(JNIEnv *env, jclass c, jlong comm, jint code) {
    return MPI_Abort(J2COMM(comm), code);
}

JNIEXPORT jdouble JNICALL Java_io_mpi4j_jni_Jni_wtime(JNIEnv *env, jclass c) { return MPI_Wtime(); }
JNIEXPORT jdouble JNICALL Java_io_mpi4j_jni_Jni_wtick(JNIEnv *env, jclass c) { return MPI_Wtick(); }

JNIEXPORT jstring JNICALL Java_io_mpi4j_jni_Jni_libraryVersion(JNIEnv *env, jclass c) {
    char buf[MPI_MAX_LIBRARY_VERSION_STRING];
    int len = 0;
    MPI_Get_library_version(buf, &len);
    buf[len < MPI_MAX_LIBRARY_VERSION_STRING ? len : MPI_MAX_LIBRARY_VERSION_STRING - 1] = 0;
    return (*env)->NewStringUTF(env, buf);
}

JNIEXPORT jstring JNICALL Java_io_mpi4j_jni_Jni_processorName(JNIEnv *env, jclass c) {
    GATED;
    char buf[MPI_MAX_PROCESSOR_NAME + 1];
    int len = 0;
    MPI_Get_processor_name(buf, &len);
    buf[len] = 0;
    return (*env)->NewStringUTF(env, buf);
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_Jni_version(JNIEnv *env, jclass c) {
    int v = 0, s = 0;
    MPI_Get_version(&v, &s);
    return v * 100 + s;
}

/* ---- errors ------------------------------------------------------------------------------ */

#define CLS(x) if (cls == MPI_##x) return #x
static const char *class_name(int cls) {
    CLS(SUCCESS); CLS(ERR_BUFFER); CLS(ERR_COUNT); CLS(ERR_TYPE); CLS(ERR_TAG); CLS(ERR_COMM);
    CLS(ERR_RANK); CLS(ERR_REQUEST); CLS(ERR_ROOT); CLS(ERR_GROUP); CLS(ERR_OP); CLS(ERR_TOPOLOGY);
    CLS(ERR_DIMS); CLS(ERR_ARG); CLS(ERR_UNKNOWN); CLS(ERR_TRUNCATE); CLS(ERR_OTHER); CLS(ERR_INTERN);
    CLS(ERR_IN_STATUS); CLS(ERR_PENDING); CLS(ERR_KEYVAL); CLS(ERR_NO_MEM); CLS(ERR_BASE);
    CLS(ERR_INFO_KEY); CLS(ERR_INFO_VALUE); CLS(ERR_INFO_NOKEY); CLS(ERR_SPAWN); CLS(ERR_PORT);
    CLS(ERR_SERVICE); CLS(ERR_NAME); CLS(ERR_WIN); CLS(ERR_SIZE); CLS(ERR_DISP); CLS(ERR_INFO);
    CLS(ERR_LOCKTYPE); CLS(ERR_ASSERT); CLS(ERR_RMA_CONFLICT); CLS(ERR_RMA_SYNC); CLS(ERR_RMA_RANGE);
    CLS(ERR_RMA_ATTACH); CLS(ERR_RMA_SHARED); CLS(ERR_RMA_FLAVOR); CLS(ERR_FILE); CLS(ERR_NOT_SAME);
    CLS(ERR_AMODE); CLS(ERR_UNSUPPORTED_DATAREP); CLS(ERR_UNSUPPORTED_OPERATION); CLS(ERR_NO_SUCH_FILE);
    CLS(ERR_FILE_EXISTS); CLS(ERR_BAD_FILE); CLS(ERR_ACCESS); CLS(ERR_NO_SPACE); CLS(ERR_QUOTA);
    CLS(ERR_READ_ONLY); CLS(ERR_FILE_IN_USE); CLS(ERR_DUP_DATAREP); CLS(ERR_CONVERSION); CLS(ERR_IO);
    return "ERR_UNKNOWN";
}

/** The name of the mpi4j ErrorClass for an MPI error code. */
JNIEXPORT jstring JNICALL Java_io_mpi4j_jni_Jni_errorClassName(JNIEnv *env, jclass c, jint code) {
    /* no gate: MPI-4 lets any thread call this at any time, and an error report must not wait
     * behind a blocking collective of another thread */
    int cls = MPI_ERR_UNKNOWN;
    if (MPI_Error_class(code, &cls) != MPI_SUCCESS) cls = MPI_ERR_UNKNOWN;
    return (*env)->NewStringUTF(env, class_name(cls));
}

JNIEXPORT jstring JNICALL Java_io_mpi4j_jni_Jni_errorString(JNIEnv *env, jclass c, jint code) {
    /* no gate: MPI-4 lets any thread call this at any time, and an error report must not wait
     * behind a blocking collective of another thread */
    char buf[MPI_MAX_ERROR_STRING + 1];
    int len = 0;
    if (MPI_Error_string(code, buf, &len) != MPI_SUCCESS) len = 0;
    buf[len] = 0;
    return (*env)->NewStringUTF(env, buf);
}

/* ---- staging of heap arrays ---------------------------------------------------------------- */

/** Copies bytes of a Java array (from a byte offset) into fresh native memory; 0 if out of memory. */
JNIEXPORT jlong JNICALL Java_io_mpi4j_jni_Jni_stageIn(JNIEnv *env, jclass c, jobject array, jlong off, jlong bytes) {
    void *p = malloc(bytes > 0 ? (size_t)bytes : 1);
    if (p == NULL) return 0;
    if (array != NULL && bytes > 0) {
        char *a = (*env)->GetPrimitiveArrayCritical(env, array, NULL);
        memcpy(p, a + off, (size_t)bytes);
        (*env)->ReleasePrimitiveArrayCritical(env, array, a, JNI_ABORT);
    }
    return H2J(p);
}

/** Native memory of the given size, not initialized; 0 if out of memory. */
JNIEXPORT jlong JNICALL Java_io_mpi4j_jni_Jni_allocate(JNIEnv *env, jclass c, jlong bytes) {
    return H2J(malloc(bytes > 0 ? (size_t)bytes : 1));
}

JNIEXPORT void JNICALL Java_io_mpi4j_jni_Jni_stageOut(JNIEnv *env, jclass c, jlong addr, jobject array, jlong off, jlong bytes) {
    if (bytes <= 0) return;
    char *a = (*env)->GetPrimitiveArrayCritical(env, array, NULL);
    memcpy(a + off, (void *)(intptr_t)addr, (size_t)bytes);
    (*env)->ReleasePrimitiveArrayCritical(env, array, a, 0);
}

JNIEXPORT void JNICALL Java_io_mpi4j_jni_Jni_free(JNIEnv *env, jclass c, jlong addr) {
    free((void *)(intptr_t)addr);
}

/** Copies between native memory (for staging int[] counts and tests). */
JNIEXPORT void JNICALL Java_io_mpi4j_jni_Jni_copy(JNIEnv *env, jclass c, jlong from, jlong to, jlong bytes) {
    memmove((void *)(intptr_t)to, (void *)(intptr_t)from, (size_t)bytes);
}

/* ---- communicators ------------------------------------------------------------------------- */

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_Jni_commRankSize(JNIEnv *env, jclass c, jlong comm, jlongArray out) {
    GATED;
    int r = 0, s = 0;
    int rc = MPI_Comm_rank(J2COMM(comm), &r);
    if (rc == MPI_SUCCESS) rc = MPI_Comm_size(J2COMM(comm), &s);
    jlong v[2] = {r, s};
    put(env, out, 2, v);
    return rc;
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_Jni_commDup(JNIEnv *env, jclass c, jlong comm, jlongArray out) {
    GATED;
    MPI_Comm n = MPI_COMM_NULL;
    int rc = MPI_Comm_dup(J2COMM(comm), &n);
    if (rc == MPI_SUCCESS) MPI_Comm_set_errhandler(n, MPI_ERRORS_RETURN);
    jlong v[1] = {H2J(n)};
    put(env, out, 1, v);
    return rc;
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_Jni_commFree(JNIEnv *env, jclass c, jlong comm) {
    GATED;
    MPI_Comm h = J2COMM(comm);
    return MPI_Comm_free(&h);
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_Jni_commSetName(JNIEnv *env, jclass c, jlong comm, jstring name) {
    GATED;
    const char *s = (*env)->GetStringUTFChars(env, name, NULL);
    char buf[MPI_MAX_OBJECT_NAME];
    strncpy(buf, s, MPI_MAX_OBJECT_NAME - 1);
    buf[MPI_MAX_OBJECT_NAME - 1] = 0;
    (*env)->ReleaseStringUTFChars(env, name, s);
    return MPI_Comm_set_name(J2COMM(comm), buf);
}

/* ---- communicator constructors ------------------------------------------------------------- */

/* A new communicator reports errors to Java as codes, like every other; MPI_COMM_NULL (the caller
 * is not a member) travels as flag 0 in out[1]. */
static jint new_comm(JNIEnv *env, jlongArray out, int rc, MPI_Comm n) {
    int member = rc == MPI_SUCCESS && n != MPI_COMM_NULL;
    if (member) MPI_Comm_set_errhandler(n, MPI_ERRORS_RETURN);
    jlong v[2] = {member ? H2J(n) : 0, member};
    put(env, out, 2, v);
    return rc;
}

/* out = {is intercommunicator, remote size (0 for an intracommunicator)} */
JNIEXPORT jint JNICALL Java_io_mpi4j_jni_Jni_commTestInter(JNIEnv *env, jclass c, jlong comm, jlongArray out) {
    GATED;
    int inter = 0, remote = 0;
    int rc = MPI_Comm_test_inter(J2COMM(comm), &inter);
    if (rc == MPI_SUCCESS && inter) rc = MPI_Comm_remote_size(J2COMM(comm), &remote);
    jlong v[2] = {inter, remote};
    put(env, out, 2, v);
    return rc;
}

/* The world rank of every member of the local (or remote) group, in rank order: process ids. */
JNIEXPORT jint JNICALL Java_io_mpi4j_jni_Jni_commWorldRanks(JNIEnv *env, jclass c, jlong comm, jboolean remote, jintArray out) {
    GATED;
    MPI_Group g = MPI_GROUP_NULL, world = MPI_GROUP_NULL;
    int rc = remote ? MPI_Comm_remote_group(J2COMM(comm), &g) : MPI_Comm_group(J2COMM(comm), &g);
    if (rc != MPI_SUCCESS) return rc;
    int n = 0;
    MPI_Group_size(g, &n);
    rc = MPI_Comm_group(MPI_COMM_WORLD, &world);
    int *ranks = malloc(sizeof(int) * (n > 0 ? n : 1));
    int *ids = malloc(sizeof(int) * (n > 0 ? n : 1));
    for (int i = 0; i < n; i++) ranks[i] = i;
    if (rc == MPI_SUCCESS) rc = MPI_Group_translate_ranks(g, n, ranks, world, ids);
    if (rc == MPI_SUCCESS) (*env)->SetIntArrayRegion(env, out, 0, n, (const jint *)ids);
    free(ranks);
    free(ids);
    MPI_Group_free(&g);
    if (world != MPI_GROUP_NULL) MPI_Group_free(&world);
    return rc;
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_Jni_commSplit(JNIEnv *env, jclass c, jlong comm, jint color, jint key, jlongArray out) {
    GATED;
    MPI_Comm n = MPI_COMM_NULL;
    int rc = MPI_Comm_split(J2COMM(comm), color < 0 ? MPI_UNDEFINED : color, key, &n);
    return new_comm(env, out, rc, n);
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_Jni_commSplitShared(JNIEnv *env, jclass c, jlong comm, jboolean join, jint key, jlongArray out) {
    GATED;
    MPI_Comm n = MPI_COMM_NULL;
    int rc = MPI_Comm_split_type(J2COMM(comm), join ? MPI_COMM_TYPE_SHARED : MPI_UNDEFINED, key, MPI_INFO_NULL, &n);
    return new_comm(env, out, rc, n);
}

/* MPI_Comm_create (collective over comm) or, with byGroup, MPI_Comm_create_group (members only),
 * over the processes with these world ranks, in this order. */
JNIEXPORT jint JNICALL Java_io_mpi4j_jni_Jni_commCreate(JNIEnv *env, jclass c, jlong comm, jintArray worldRanks, jboolean byGroup,
                                                         jint tag, jlongArray out) {
    GATED;
    MPI_Group world = MPI_GROUP_NULL, g = MPI_GROUP_NULL;
    jsize n = (*env)->GetArrayLength(env, worldRanks);
    jint *ids = (*env)->GetIntArrayElements(env, worldRanks, NULL);
    int rc = MPI_Comm_group(MPI_COMM_WORLD, &world);
    if (rc == MPI_SUCCESS) rc = MPI_Group_incl(world, n, (int *)ids, &g);
    (*env)->ReleaseIntArrayElements(env, worldRanks, ids, JNI_ABORT);
    MPI_Comm nc = MPI_COMM_NULL;
    if (rc == MPI_SUCCESS) {
        rc = byGroup ? MPI_Comm_create_group(J2COMM(comm), g, tag, &nc) : MPI_Comm_create(J2COMM(comm), g, &nc);
    }
    if (g != MPI_GROUP_NULL) MPI_Group_free(&g);
    if (world != MPI_GROUP_NULL) MPI_Group_free(&world);
    return new_comm(env, out, rc, nc);
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_Jni_intercommCreate(JNIEnv *env, jclass c, jlong local, jint localLeader, jlong peer,
                                                              jint remoteLeader, jint tag, jlongArray out) {
    GATED;
    MPI_Comm n = MPI_COMM_NULL;
    int rc = MPI_Intercomm_create(J2COMM(local), localLeader, J2COMM(peer), remoteLeader, tag, &n);
    return new_comm(env, out, rc, n);
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_Jni_intercommMerge(JNIEnv *env, jclass c, jlong comm, jboolean high, jlongArray out) {
    GATED;
    MPI_Comm n = MPI_COMM_NULL;
    int rc = MPI_Intercomm_merge(J2COMM(comm), high, &n);
    return new_comm(env, out, rc, n);
}

/* ---- point-to-point ------------------------------------------------------------------------ */

/* See span.h. */
int mpi4j_span_of(int64_t bytes, mpi4j_span *s) {
    s->derived = 0;
    s->type = MPI_BYTE;
    if (bytes < 0) return MPI_ERR_COUNT;
    if (bytes <= INT32_MAX) {
        s->count = (int)bytes;
        return MPI_SUCCESS;
    }
    const MPI_Aint chunk = (MPI_Aint)1 << 30;
    MPI_Datatype gib;
    int rc = MPI_Type_contiguous((int)chunk, MPI_BYTE, &gib);
    if (rc != MPI_SUCCESS) return rc;
    int lens[2] = {(int)(bytes / chunk), (int)(bytes % chunk)};
    MPI_Aint displs[2] = {0, (MPI_Aint)lens[0] * chunk};
    MPI_Datatype types[2] = {gib, MPI_BYTE};
    rc = MPI_Type_create_struct(2, lens, displs, types, &s->type);
    MPI_Type_free(&gib);
    if (rc == MPI_SUCCESS) rc = MPI_Type_commit(&s->type);
    if (rc != MPI_SUCCESS) return rc;
    s->count = 1;
    s->derived = 1;
    return MPI_SUCCESS;
}

void mpi4j_span_free(mpi4j_span *s) {
    if (s->derived) MPI_Type_free(&s->type);
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_Jni_isend(JNIEnv *env, jclass c, jlong comm, jlong addr, jlong bytes,
                                                    jint dest, jint tag, jint mode, jlongArray out) {
    GATED;
    mpi4j_span sp;
    int rc = mpi4j_span_of(bytes, &sp);
    if (rc) return rc;
    MPI_Request r = MPI_REQUEST_NULL;
    void *p = (void *)(intptr_t)addr;
    switch (mode) {
        case 1: rc = MPI_Issend(p, sp.count, sp.type, dest, tag, J2COMM(comm), &r); break;
        case 2: rc = MPI_Ibsend(p, sp.count, sp.type, dest, tag, J2COMM(comm), &r); break;
        case 3: rc = MPI_Irsend(p, sp.count, sp.type, dest, tag, J2COMM(comm), &r); break;
        default: rc = MPI_Isend(p, sp.count, sp.type, dest, tag, J2COMM(comm), &r); break;
    }
    mpi4j_span_free(&sp);
    jlong v[1] = {H2J(r)};
    put(env, out, 1, v);
    return rc;
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_Jni_irecv(JNIEnv *env, jclass c, jlong comm, jlong addr, jlong bytes,
                                                    jint source, jint tag, jlongArray out) {
    GATED;
    mpi4j_span sp;
    int rc = mpi4j_span_of(bytes, &sp);
    if (rc) return rc;
    MPI_Request r = MPI_REQUEST_NULL;
    rc = MPI_Irecv((void *)(intptr_t)addr, sp.count, sp.type, src_of(source), tag_of(tag), J2COMM(comm), &r);
    mpi4j_span_free(&sp);
    jlong v[1] = {H2J(r)};
    put(env, out, 1, v);
    return rc;
}

/* Status layout in Java's long[]: 0 flag, 1 source, 2 tag, 3 bytes, 4 cancelled, 5 error, 6 message. */
static void put_status(JNIEnv *env, jlongArray out, int flag, MPI_Status *st, int err, MPI_Message msg) {
    MPI_Count bytes = 0;
    int cancelled = 0;
    if (flag) {
        MPI_Get_elements_x(st, MPI_BYTE, &bytes); /* bytes, also past 2 GiB */
        MPI_Test_cancelled(st, &cancelled);
    }
    jlong v[7] = {flag, flag ? st->MPI_SOURCE : 0, flag ? st->MPI_TAG : 0, bytes == MPI_UNDEFINED ? 0 : (jlong)bytes,
                  cancelled, err, H2J(msg)};
    put(env, out, 7, v);
}

/** MPI_Test, or MPI_Wait when {@code block}. */
JNIEXPORT jint JNICALL Java_io_mpi4j_jni_Jni_test(JNIEnv *env, jclass c, jlong req, jboolean block, jlongArray out) {
    GATED;
    MPI_Request r = J2REQ(req);
    MPI_Status st;
    memset(&st, 0, sizeof st);
    int flag = block ? 1 : 0;
    int rc = block ? mpi4j_gate_wait(&r, &st) : MPI_Test(&r, &flag, &st);
    int err = rc;
    if (rc == MPI_ERR_IN_STATUS) err = st.MPI_ERROR;
    /* A request that completed with an error is still complete: report flag=1 with the error, and
     * release it if the library kept it (Open MPI does not free a request that failed). */
    if (rc != MPI_SUCCESS && r == MPI_REQUEST_NULL) flag = 1;
    if (rc != MPI_SUCCESS && flag && r != MPI_REQUEST_NULL) MPI_Request_free(&r);
    put_status(env, out, flag, &st, flag ? err : 0, MPI_MESSAGE_NULL);
    return (flag || rc == MPI_SUCCESS) ? MPI_SUCCESS : rc;
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_Jni_cancel(JNIEnv *env, jclass c, jlong req) {
    GATED;
    MPI_Request r = J2REQ(req);
    return MPI_Cancel(&r);
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_Jni_iprobe(JNIEnv *env, jclass c, jlong comm, jint source, jint tag,
                                                     jboolean block, jlongArray out) {
    GATED;
    MPI_Status st;
    int flag = 1;
    int rc;
    if (block && !mpi4j_gated) {
        rc = MPI_Probe(src_of(source), tag_of(tag), J2COMM(comm), &st);
    } else {
        /* with the gate, a blocking probe is a loop of nonblocking ones: MPI_Probe would keep it */
        while ((rc = MPI_Iprobe(src_of(source), tag_of(tag), J2COMM(comm), &flag, &st)) == MPI_SUCCESS && block && !flag) {
            mpi4j_gate_step_aside();
        }
    }
    if (rc == MPI_SUCCESS) put_status(env, out, flag, &st, 0, MPI_MESSAGE_NULL);
    return rc;
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_Jni_improbe(JNIEnv *env, jclass c, jlong comm, jint source, jint tag,
                                                      jboolean block, jlongArray out) {
    GATED;
    MPI_Status st;
    MPI_Message m = MPI_MESSAGE_NULL;
    int flag = 1;
    int rc;
    if (block && !mpi4j_gated) {
        rc = MPI_Mprobe(src_of(source), tag_of(tag), J2COMM(comm), &m, &st);
    } else {
        while ((rc = MPI_Improbe(src_of(source), tag_of(tag), J2COMM(comm), &flag, &m, &st)) == MPI_SUCCESS && block
               && !flag) {
            mpi4j_gate_step_aside();
        }
    }
    if (rc == MPI_SUCCESS) put_status(env, out, flag, &st, 0, m);
    return rc;
}

JNIEXPORT jint JNICALL Java_io_mpi4j_jni_Jni_imrecv(JNIEnv *env, jclass c, jlong msg, jlong addr, jlong bytes, jlongArray out) {
    GATED;
    mpi4j_span sp;
    int rc = mpi4j_span_of(bytes, &sp);
    if (rc) return rc;
    MPI_Message m = J2MSG(msg);
    MPI_Request r = MPI_REQUEST_NULL;
    rc = MPI_Imrecv((void *)(intptr_t)addr, sp.count, sp.type, &m, &r);
    mpi4j_span_free(&sp);
    jlong v[1] = {H2J(r)};
    put(env, out, 1, v);
    return rc;
}
