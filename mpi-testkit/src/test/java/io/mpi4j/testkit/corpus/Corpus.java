package io.mpi4j.testkit.corpus;

import static io.mpi4j.testkit.corpus.Verdict.deadlock;
import static io.mpi4j.testkit.corpus.Verdict.invalid;
import static io.mpi4j.testkit.corpus.Verdict.leak;
import static io.mpi4j.testkit.corpus.Verdict.mismatch;
import static io.mpi4j.testkit.corpus.Verdict.pass;
import static io.mpi4j.testkit.corpus.Verdict.rankFailed;
import static io.mpi4j.testkit.corpus.Program.Exploring.ALL;
import static io.mpi4j.testkit.corpus.Program.Exploring.SEEDS;

import io.mpi4j.ErrorClass;
import io.mpi4j.sim.RankAction;
import io.mpi4j.testkit.check.Leak;
import java.util.List;

/** The programs, the jobs they run in, and the verdict each must get. */
final class Corpus {
    private Corpus() {
    }

    private static Program p(String name, int ranks, String buffering, RankAction body, Verdict expected) {
        return new Program(name, ranks, buffering, body, expected);
    }

    /** A program run under explored deterministic schedules. */
    private static Program explored(String name, int ranks, String buffering, RankAction body, Verdict expected,
            Program.Exploring exploring) {
        return new Program(name, ranks, buffering, body, expected, exploring);
    }

    /** Programs with a bug, each flagged with its category. */
    static List<Program> buggy() {
        return List.of(
                // deadlocks
                p("send-send", 2, "zero", BuggyPrograms::sendSend, deadlock()),
                p("send-send, 4 ranks in pairs", 4, "zero", BuggyPrograms::sendSend, deadlock()),
                p("ssend-ssend", 2, "eager", BuggyPrograms::ssendSsend, deadlock()),
                p("recv-recv", 2, "infinite", BuggyPrograms::recvRecv, deadlock()),
                p("ring, receive first", 4, "infinite", BuggyPrograms::ringReceiveFirst, deadlock()),
                p("ring, send first (buffering-dependent)", 5, "zero", BuggyPrograms::ringSendFirst, deadlock()),
                p("128 KiB exchange (buffering-dependent, above eager)", 2, "eager", BuggyPrograms::largeExchange, deadlock()),
                p("128 KiB exchange (buffering-dependent)", 2, "zero", BuggyPrograms::largeExchange, deadlock()),
                p("object exchange (buffering-dependent)", 2, "zero", BuggyPrograms::objectExchange, deadlock()),
                p("tag mismatch", 2, "eager", BuggyPrograms::tagMismatch, deadlock()),
                p("missing send", 2, "eager", BuggyPrograms::missingSend, deadlock()),
                p("missing barrier", 3, "eager", BuggyPrograms::missingBarrier, deadlock()),
                p("wait on unmatched irecv", 2, "eager", BuggyPrograms::waitOnUnmatchedIrecv, deadlock()),
                p("ssend into a barrier", 2, "eager", BuggyPrograms::ssendIntoBarrier, deadlock()),
                p("wildcard race, unlucky matching", 3, "eager", w -> BuggyPrograms.wildcardRace(w, 1), deadlock()),
                // wildcard races that fail for some matchings only, found by exploring schedules
                explored("wildcard race, seeds", 3, "eager", WildcardPrograms::raceThenNamed, deadlock(), SEEDS),
                explored("wildcard race, enumerated", 3, "eager", WildcardPrograms::raceThenNamed, deadlock(), ALL),
                explored("wildcard race, zero buffering, enumerated", 3, "zero", WildcardPrograms::raceThenNamed, deadlock(), ALL),
                explored("two wildcards then a named sender, seeds", 4, "eager", WildcardPrograms::twoWildcardsThenNamed, deadlock(),
                        SEEDS),
                explored("two wildcards then a named sender, enumerated", 4, "eager", WildcardPrograms::twoWildcardsThenNamed,
                        deadlock(), ALL),
                explored("reply to the assumed sender, enumerated", 3, "eager", WildcardPrograms::replyToAssumedSender, deadlock(),
                        ALL),
                explored("probe then wildcard receive, seeds", 3, "eager", WildcardPrograms::probeThenWildcardReceive,
                        invalid(ErrorClass.ERR_TRUNCATE), SEEDS),
                explored("probe then wildcard receive, enumerated", 3, "eager", WildcardPrograms::probeThenWildcardReceive,
                        invalid(ErrorClass.ERR_TRUNCATE), ALL),
                // local concurrency: a send buffer written while the send is in flight
                p("isend buffer written before the wait", 2, "eager", BuggyPrograms::isendBufferWrittenBeforeWait,
                        invalid(ErrorClass.ERR_BUFFER)),
                p("persistent send buffer written while active", 2, "zero", BuggyPrograms::persistentSendBufferWrittenWhileActive,
                        invalid(ErrorClass.ERR_BUFFER)),
                p("iallreduce operand written before the wait", 3, "eager", BuggyPrograms::iallreduceOperandWrittenBeforeWait,
                        invalid(ErrorClass.ERR_BUFFER)),
                p("persistent bcast root writes while active", 2, "eager", BuggyPrograms::persistentBcastRootWritesWhileActive,
                        invalid(ErrorClass.ERR_BUFFER)),
                p("two irecvs into one buffer", 2, "eager", BuggyPrograms::twoIrecvsIntoOneBuffer, invalid(ErrorClass.ERR_BUFFER)),
                p("recv into a pending isend's buffer", 2, "eager", BuggyPrograms::recvIntoAPendingSendBuffer,
                        invalid(ErrorClass.ERR_BUFFER)),
                p("iallreduce result into a pending irecv's buffer", 2, "eager", BuggyPrograms::collectiveResultIntoAPendingReceive,
                        invalid(ErrorClass.ERR_BUFFER)),
                p("iscatterv block written before the wait", 3, "eager", BuggyPrograms::iscattervBlockWrittenBeforeWait,
                        invalid(ErrorClass.ERR_BUFFER)),
                p("ialltoallw block written before the wait", 2, "eager", BuggyPrograms::ialltoallwBlockWrittenBeforeWait,
                        invalid(ErrorClass.ERR_BUFFER)),
                p("irecv into an iallgatherv block", 2, "eager", BuggyPrograms::irecvIntoAnIallgathervBlock,
                        invalid(ErrorClass.ERR_BUFFER)),
                p("ineighborAlltoall block written before the wait", 3, "eager",
                        BuggyPrograms::ineighborAlltoallBlockWrittenBeforeWait, invalid(ErrorClass.ERR_BUFFER)),
                // collective mismatches
                p("bcast root differs", 3, "eager", BuggyPrograms::bcastRootDiffers, mismatch()),
                p("reduce op differs", 3, "eager", BuggyPrograms::reduceOpDiffers, mismatch()),
                p("reduce root differs", 2, "eager", BuggyPrograms::reduceRootDiffers, mismatch()),
                p("allreduce count differs", 2, "eager", BuggyPrograms::allreduceCountDiffers, mismatch()),
                p("allreduce datatype differs", 2, "eager", BuggyPrograms::allreduceTypeDiffers, mismatch()),
                p("gather root differs", 3, "eager", BuggyPrograms::gatherRootDiffers, mismatch()),
                p("allgather count differs", 3, "eager", BuggyPrograms::allgatherCountDiffers, mismatch()),
                p("barrier versus bcast", 2, "eager", BuggyPrograms::barrierVersusBcast, mismatch()),
                p("bcast versus ibcast", 2, "eager", BuggyPrograms::bcastVersusIbcast, mismatch()),
                p("barrier versus ibarrier", 3, "eager", BuggyPrograms::barrierVersusIbarrier, mismatch()),
                // invalid arguments
                p("send to rank size", 2, "eager", BuggyPrograms::sendToRankSize, invalid(ErrorClass.ERR_RANK)),
                p("recv from rank -5", 2, "eager", BuggyPrograms::recvFromNegativeRank, invalid(ErrorClass.ERR_RANK)),
                p("send with tag -3", 1, "eager", BuggyPrograms::sendNegativeTag, invalid(ErrorClass.ERR_TAG)),
                p("send with ANY_TAG", 1, "eager", BuggyPrograms::sendAnyTag, invalid(ErrorClass.ERR_TAG)),
                p("send with tag above the bound", 1, "eager", BuggyPrograms::sendTagAboveUpperBound, invalid(ErrorClass.ERR_TAG)),
                p("bcast from root size", 2, "eager", BuggyPrograms::bcastRootOutOfRange, invalid(ErrorClass.ERR_ROOT)),
                p("negative count", 1, "eager", BuggyPrograms::negativeCount, invalid(ErrorClass.ERR_COUNT)),
                p("truncated receive", 2, "eager", BuggyPrograms::truncatedReceive, invalid(ErrorClass.ERR_TRUNCATE)),
                p("close WORLD", 2, "eager", BuggyPrograms::closeWorld, invalid(ErrorClass.ERR_COMM)),
                p("use a closed communicator", 2, "eager", BuggyPrograms::useClosedCommunicator, invalid(ErrorClass.ERR_COMM)),
                // failing ranks
                p("last rank throws", 4, "eager", BuggyPrograms::lastRankThrows, rankFailed(3, 1)),
                p("assertion on rank 1", 3, "eager", BuggyPrograms::assertionOnRankOne, rankFailed(1, 1)),
                p("abort(3)", 3, "eager", BuggyPrograms::abortWithCode, rankFailed(0, 3)),
                // leaks
                p("lost message", 2, "eager", BuggyPrograms::lostMessage, leak(Leak.Kind.MESSAGE)),
                p("lost message on a dup", 2, "eager", BuggyPrograms::lostMessageOnDup, leak(Leak.Kind.MESSAGE)),
                p("lost message on a split", 4, "eager", BuggyPrograms::lostMessageOnSplit, leak(Leak.Kind.MESSAGE)),
                p("forgotten isend", 2, "zero", BuggyPrograms::forgottenIsend, leak(Leak.Kind.MESSAGE, Leak.Kind.REQUEST)),
                p("isend never completed", 2, "eager", BuggyPrograms::isendNeverCompleted, leak(Leak.Kind.REQUEST)),
                p("persistent recv closed while active, never matched", 2, "eager", BuggyPrograms::persistentRecvClosedWhileActive,
                        leak(Leak.Kind.REQUEST)),
                p("persistent request never closed", 2, "eager", BuggyPrograms::persistentNeverClosed,
                        leak(Leak.Kind.REQUEST)),
                p("split never closed", 4, "eager", BuggyPrograms::splitNeverClosed, leak(Leak.Kind.COMMUNICATOR)),
                p("dup never closed", 2, "eager", BuggyPrograms::dupNeverClosed, leak(Leak.Kind.COMMUNICATOR)),
                p("inner dup never closed", 3, "eager", BuggyPrograms::innerDupNeverClosed, leak(Leak.Kind.COMMUNICATOR)),
                p("datatype never freed", 2, "eager", BuggyPrograms::typeNeverFreed, leak(Leak.Kind.DATATYPE)));
    }

    /** Correct programs of the same shapes; none may be flagged. */
    static List<Program> correct() {
        return List.of(
                p("ordered exchange", 2, "zero", CorrectPrograms::orderedExchange, pass()),
                p("ordered exchange, 4 ranks in pairs", 4, "zero", CorrectPrograms::orderedExchange, pass()),
                p("ordered ssend", 2, "eager", CorrectPrograms::orderedSsend, pass()),
                p("sendrecv exchange", 2, "zero", CorrectPrograms::sendrecvExchange, pass()),
                p("isend/irecv/waitAll, 128 KiB", 2, "zero", CorrectPrograms::isendIrecvWaitAll, pass()),
                p("ring with sendrecv", 4, "zero", CorrectPrograms::ringSendrecv, pass()),
                p("ring with a broken cycle", 5, "zero", CorrectPrograms::ringBrokenCycle, pass()),
                p("ring, send first, infinite buffering", 5, "infinite", BuggyPrograms::ringSendFirst, pass()),
                p("128 KiB exchange, infinite buffering", 2, "infinite", BuggyPrograms::largeExchange, pass()),
                p("object exchange, eager buffering", 2, "eager", BuggyPrograms::objectExchange, pass()),
                p("send-send, infinite buffering", 2, "infinite", BuggyPrograms::sendSend, pass()),
                p("object sendrecv", 2, "zero", CorrectPrograms::objectSendrecv, pass()),
                p("tag matches", 2, "zero", CorrectPrograms::tagMatches, pass()),
                p("ANY_TAG", 2, "zero", CorrectPrograms::anyTag, pass()),
                p("everyone in barrier", 3, "eager", CorrectPrograms::everyoneInBarrier, pass()),
                p("wait on matched irecv", 2, "eager", CorrectPrograms::waitOnMatchedIrecv, pass()),
                p("ssend before barrier", 2, "eager", CorrectPrograms::ssendBeforeBarrier, pass()),
                p("persistent sends and receives, started thrice and closed", 2, "zero", CorrectPrograms::persistentExchange, pass()),
                p("persistent sends and receives, eager", 3, "eager", CorrectPrograms::persistentExchange, pass()),
                p("wildcard race, lucky matching", 3, "eager", w -> BuggyPrograms.wildcardRace(w, 2), pass()),
                p("wildcard then the other, order 1", 3, "eager", w -> CorrectPrograms.wildcardThenTheOther(w, 1), pass()),
                p("wildcard then the other, order 2", 3, "eager", w -> CorrectPrograms.wildcardThenTheOther(w, 2), pass()),
                p("bcast same root", 3, "eager", CorrectPrograms::bcastSameRoot, pass()),
                p("reduce same op", 3, "eager", CorrectPrograms::reduceSameOp, pass()),
                p("reduce same root", 2, "eager", CorrectPrograms::reduceSameRoot, pass()),
                p("allreduce same count", 2, "eager", CorrectPrograms::allreduceSameCount, pass()),
                p("allreduce same datatype", 2, "eager", CorrectPrograms::allreduceSameType, pass()),
                p("gather same root", 3, "eager", CorrectPrograms::gatherSameRoot, pass()),
                p("allgather same count", 3, "eager", CorrectPrograms::allgatherSameCount, pass()),
                p("ibcast everywhere", 2, "eager", CorrectPrograms::ibcastEverywhere, pass()),
                p("ibarrier everywhere", 3, "eager", CorrectPrograms::ibarrierEverywhere, pass()),
                p("object collectives", 4, "eager", CorrectPrograms::objectCollectives, pass()),
                p("PROC_NULL", 2, "zero", CorrectPrograms::procNull, pass()),
                p("largest tag", 1, "eager", CorrectPrograms::largestTag, pass()),
                p("bcast from the last rank", 3, "eager", CorrectPrograms::bcastFromLastRank, pass()),
                p("empty message", 1, "zero", CorrectPrograms::emptyMessage, pass()),
                p("larger receive buffer", 2, "eager", CorrectPrograms::largerReceiveBuffer, pass()),
                p("dup closed", 2, "eager", CorrectPrograms::dupClosed, pass()),
                p("nested dups closed", 3, "eager", CorrectPrograms::nestedDupsClosed, pass()),
                p("split closed", 4, "eager", CorrectPrograms::splitClosed, pass()),
                p("datatype freed", 2, "eager", CorrectPrograms::typeFreed, pass()),
                p("isend buffer reused after the wait", 2, "eager", CorrectPrograms::isendBufferReusedAfterWait, pass()),
                p("isend buffer reused after isComplete", 2, "zero", CorrectPrograms::isendBufferReusedAfterIsComplete, pass()),
                p("receives into disjoint halves, sends from one buffer", 2, "zero",
                        CorrectPrograms::receivesIntoDisjointHalvesAndSendsFromOneBuffer, pass()),
                p("confined isend completed through its future", 3, "eager", CorrectPrograms::confinedSendThroughAFuture, pass()),
                p("persistent recv closed while active, then matched", 2, "eager",
                        CorrectPrograms::persistentRecvClosedWhileActiveThenMatched, pass()),
                p("gaps of an iallgatherv written while in flight", 2, "eager", CorrectPrograms::gapsOfAnIallgathervWritten,
                        pass()),
                p("gaps of an iscatterv written while in flight", 3, "eager", CorrectPrograms::gapsOfAnIscattervWritten, pass()),
                p("bytes between ialltoallw blocks written while in flight", 2, "eager",
                        CorrectPrograms::bytesBetweenIalltoallwBlocksWritten, pass()),
                p("ineighborAlltoall on a line, PROC_NULL block written", 3, "eager", CorrectPrograms::ineighborAlltoallOnALine,
                        pass()),
                p("exception handled", 2, "eager", CorrectPrograms::exceptionHandled, pass()),
                p("every message received", 2, "zero", CorrectPrograms::everyMessageReceived, pass()),
                // wildcard programs correct under every matching
                explored("wildcard then the other, seeds", 3, "eager", WildcardPrograms::wildcardThenTheOther, pass(), SEEDS),
                explored("wildcard then the other, enumerated", 3, "zero", WildcardPrograms::wildcardThenTheOther, pass(), ALL),
                explored("wildcard gather, 4 ranks, enumerated", 4, "eager", WildcardPrograms::wildcardGather, pass(), ALL),
                explored("wildcard gather, 6 ranks, seeds", 6, "zero", WildcardPrograms::wildcardGather, pass(), SEEDS),
                explored("probe then named receive, enumerated", 3, "eager", WildcardPrograms::probeThenNamedReceive, pass(), ALL),
                explored("reply to the actual sender, enumerated", 4, "eager", WildcardPrograms::replyToActualSender, pass(), ALL),
                explored("matched probes, enumerated", 3, "eager", WildcardPrograms::matchedProbe, pass(), ALL),
                explored("matched probes, seeds", 4, "eager", WildcardPrograms::matchedProbe, pass(), SEEDS),
                explored("reply to the actual sender, 5 ranks, seeds", 5, "zero", WildcardPrograms::replyToActualSender, pass(), SEEDS),
                explored("wildcard then the other, zero buffering, seeds", 3, "zero", WildcardPrograms::wildcardThenTheOther, pass(),
                        SEEDS),
                p("message on a dup received", 2, "eager", CorrectPrograms::messageOnDupReceived, pass()));
    }
}
