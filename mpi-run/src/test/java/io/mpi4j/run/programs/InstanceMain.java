package io.mpi4j.run.programs;

/** Test program: a Java 25 instance main method without parameters (JEP 512). */
public class InstanceMain {
    void main() {
        System.out.println("instance main");
    }
}
