package dev.tributary.log.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/** Segment channels that fail on write or force while told to: a full disk or a failing device. */
final class FaultyChannels implements FileChannels {
    volatile boolean failWrites;
    volatile boolean failForce;
    /** Bytes a failing write still writes before it throws (a torn write). */
    volatile int partialBytes;
    /** When set, force() waits for it: a slow disk, so a test can look at the log mid-commit. */
    volatile java.util.concurrent.CountDownLatch forceGate;
    final java.util.concurrent.CountDownLatch forceEntered = new java.util.concurrent.CountDownLatch(1);
    /** The files whose writes and forces fail while told to (all by default). */
    volatile java.util.function.Predicate<Path> failing = path -> true;

    @Override
    public FileChannel open(Path path, OpenOption... options) throws IOException {
        return new Faulty(path, FileChannel.open(path, options));
    }

    private final class Faulty extends FileChannel {
        private final Path path;
        private final FileChannel d;

        Faulty(Path path, FileChannel d) {
            this.path = path;
            this.d = d;
        }

        private void checkWrite(ByteBuffer src, long position) throws IOException {
            if (failWrites && failing.test(path)) {
                int n = Math.min(partialBytes, src.remaining());
                if (n > 0) {
                    ByteBuffer part = src.duplicate();
                    part.limit(part.position() + n);
                    d.write(part, position);
                }
                throw new IOException("No space left on device (injected)");
            }
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return d.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return d.read(dsts, offset, length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            checkWrite(src, d.position());
            return d.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            if (failWrites) {
                throw new IOException("No space left on device (injected)");
            }
            return d.write(srcs, offset, length);
        }

        @Override
        public long position() throws IOException {
            return d.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            d.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return d.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            d.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            if (failForce && failing.test(path)) {
                throw new IOException("Input/output error (injected fsync failure)");
            }
            java.util.concurrent.CountDownLatch gate = forceGate;
            if (gate != null) {
                forceEntered.countDown();
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
            d.force(metaData);
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return d.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            return d.transferFrom(src, position, count);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return d.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            checkWrite(src, position);
            return d.write(src, position);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return d.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return d.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return d.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            d.close();
        }
    }
}
