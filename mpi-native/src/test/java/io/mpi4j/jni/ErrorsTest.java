package io.mpi4j.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** MPI error strings as messages: MPICH's error stack is cut to its description and innermost detail. */
class ErrorsTest {
    @Test
    void mpichErrorStackKeepsTheDescriptionAndTheInnermostDetail() {
        // MPICH 4.0.2's text for a truncated receive (MPI_Error_string)
        String mpich = "Message truncated, error stack:\n"
                + "internal_Test(91)....: MPI_Test(request=0x7ffd49ecf504, flag=0x7ffd49ecf4dc, status=0x7ffd49ecf4e0) failed\n"
                + "MPIR_Test(325).......: \n"
                + "MPIDI_Self_irecv(161): Message from rank 0 and tag 35 truncated; 4 bytes received but buffer size is 12";
        assertEquals("Message truncated (Message from rank 0 and tag 35 truncated; 4 bytes received but buffer size is 12)",
                Errors.readable(mpich));
        assertEquals("Invalid rank (Invalid rank has value 5 but must be nonnegative and less than 1)",
                Errors.readable("Invalid rank, error stack:\ninternal_Send(120): MPI_Send(buf=0x7ffd49ecf508, count=1, MPI_INT, 5, 0,"
                        + " MPI_COMM_WORLD) failed\ninternal_Send(78).: Invalid rank has value 5 but must be nonnegative and less than 1"));
        assertEquals("Other MPI error", Errors.readable("Other MPI error, error stack:\nMPIR_Foo(1): \n"));
        // a receive truncated between processes: the innermost frame has no line number, and its
        // text repeats the description (found by an independent check: the MPI_Test line was kept)
        assertEquals("Message truncated", Errors.readable("Message truncated, error stack:\n"
                + "internal_Test(91): MPI_Test(request=0x7fff8a4392ac, flag=0x7fff8a4392b0, status=0x7fff8a439290) failed\n"
                + "MPIR_Test(325)...: \n"
                + "(unknown)(): Message truncated"));
        assertEquals("Other MPI error (Invalid communicator)", Errors.readable("Other MPI error, error stack:\n"
                + "internal_Test(91)...............: MPI_Test(request=0x7fff8a4392ac, flag=0x7fff8a4392b0, status=0x1) failed\n"
                + "MPIR_Test(325)..................: \n"
                + "MPIDU_Sched_progress_state(1183): Invalid communicator"));
    }

    @Test
    void openMpiTextIsKeptAsItIs() {
        assertEquals("MPI_ERR_TRUNCATE: message truncated", Errors.readable("MPI_ERR_TRUNCATE: message truncated"));
    }
}
