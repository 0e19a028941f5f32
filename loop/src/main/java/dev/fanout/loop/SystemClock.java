package dev.fanout.loop;

/** The system's clock: {@link System#nanoTime()}, and Netty's own timers. Stateless. */
final class SystemClock implements LoopClock {

    static final SystemClock INSTANCE = new SystemClock();

    private SystemClock() {}

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public String toString() {
        return "LoopClock.system()";
    }
}
