using System.Runtime.InteropServices;

namespace Baton.Cli.Interop;

/// <summary>
/// Standard input, output or error as a plain stream over its file descriptor (Linux and macOS): read and write
/// with the retries a console stream makes (interrupted calls, a descriptor left non-blocking by whoever started us)
/// and, like it, a closed reader of our output (<c>baton log | head</c>) is not an error.
/// </summary>
/// <remarks>
/// Not <see cref="Console"/>'s streams: their first write sets up .NET's terminal handling (terminfo, a signal
/// thread), which a command that prints one line never needs; about 1 ms of every <c>baton</c> run on a 2-core
/// machine whose thread starts are dear (issue 6).
/// </remarks>
internal sealed unsafe partial class DescriptorStream(int descriptor, bool readable) : Stream
{
    private const int Interrupted = 4; // EINTR
    private const int BrokenPipe = 32; // EPIPE
    private const short PollIn = 0x1;
    private const short PollOut = 0x4;

    public override bool CanRead => readable;
    public override bool CanWrite => !readable;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        fixed (byte* start = buffer)
        {
            while (true)
            {
                var read = ReadDescriptor(descriptor, start, buffer.Length);
                if (read >= 0)
                {
                    return (int)read;
                }

                WaitAfter(Marshal.GetLastPInvokeError(), PollIn);
            }
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        fixed (byte* start = buffer)
        {
            var written = 0;
            while (written < buffer.Length)
            {
                var count = WriteDescriptor(descriptor, start + written, buffer.Length - written);
                if (count >= 0)
                {
                    written += (int)count;
                    continue;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno == BrokenPipe)
                {
                    // Nobody reads any more: what is left has nowhere to go, as with a console stream.
                    return;
                }

                WaitAfter(errno, PollOut);
            }
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Retries after EINTR at once, after EAGAIN once the descriptor is ready; anything else is an error.</summary>
    private void WaitAfter(int errno, short events)
    {
        if (errno == Interrupted)
        {
            return;
        }

        if (errno == (OperatingSystem.IsMacOS() ? 35 : 11)) // EAGAIN
        {
            var poll = new PollDescriptor { Descriptor = descriptor, Events = events };
            _ = Poll(&poll, 1, -1);
            return;
        }

        throw new IOException($"{(readable ? "Reading" : "Writing")} file descriptor {descriptor} failed: {Marshal.GetPInvokeErrorMessage(errno)}.", errno);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollDescriptor
    {
        public int Descriptor;
        public short Events;
        public short ReturnedEvents;
    }

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint ReadDescriptor(int descriptor, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint WriteDescriptor(int descriptor, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(PollDescriptor* descriptors, nuint count, int timeout);
}
